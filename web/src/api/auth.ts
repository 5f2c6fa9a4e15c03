import { http } from './client';
import type { LoginRequest, User, UserResponse } from './types';

/** Signs in; the server sets the httpOnly session cookie. */
export async function login(credentials: LoginRequest): Promise<User> {
  return (await http.post<UserResponse>('/auth/login', credentials)).user;
}

/** Ends the session. */
export async function logout(): Promise<void> {
  await http.post<unknown>('/auth/logout');
}

/** The signed-in user; throws ApiError 401 when there is no session. */
export async function fetchMe(signal?: AbortSignal): Promise<User> {
  return (await http.get<UserResponse>('/auth/me', undefined, signal)).user;
}
