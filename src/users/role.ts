export const roles = ['checker', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];
