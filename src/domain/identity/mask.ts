/** Masks an ID number for lists and logs: region and check character kept, birth date hidden. */
export function maskCertno(certno: string): string {
  if (certno.length < 8) return '*'.repeat(certno.length);
  return `${certno.slice(0, 6)}${'*'.repeat(certno.length - 10)}${certno.slice(-4)}`;
}

/** Masks a phone number: 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Masks a name for lists shown outside staff screens: 张*明 / 李*. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
