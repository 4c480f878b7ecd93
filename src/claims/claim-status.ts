export const claimStatuses = ['unverified', 'in_progress', 'in_review', 'published', 'not_checkable'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
