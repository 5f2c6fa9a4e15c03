/**
 * Terminals managed from the web: who registered each one and why it was revoked, so the list an
 * institution's IT staff and the agency see answers "who, when, why" without reading the history.
 * Terminals registered before this migration keep an empty created_by.
 */
export const statements: readonly string[] = [
  `alter table terminals add column created_by text not null default ''`,
  `alter table terminals add column revoke_reason text`,
];
