import { presentClaimLine } from './desk.presenter';
import type { MyClaims } from './my-claims.service';

export const presentMyClaims = (mine: MyClaims) => ({
  holding: mine.holding.map(presentClaimLine),
  sentBack: mine.sentBack.map(presentClaimLine),
});
