import dayjs from 'dayjs';

/** A timestamp in local time, `2025-03-01 14:05:09`. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format('YYYY-MM-DD HH:mm:ss') : value;
}

/** Today as `yyyy-mm-dd` in local time. */
export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}
