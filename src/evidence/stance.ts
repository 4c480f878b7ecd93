export const stances = ['supports', 'refutes', 'context'] as const;
export type Stance = (typeof stances)[number];
