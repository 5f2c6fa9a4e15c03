import { getMyPerson } from '../../api/persons';
import type { PersonDetail } from '../../api/types';
import { type AsyncState, useAsync } from '../../hooks/use-async';

/** The signed-in insured person's own record (GET /me/person). */
export function useMyPerson(): AsyncState<PersonDetail> {
  return useAsync((signal) => getMyPerson(signal), 'me/person');
}
