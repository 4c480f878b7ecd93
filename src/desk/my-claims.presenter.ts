import { presentLastChange } from '../history/history.presenter';
import type { MyClaim, MyClaims } from './my-claims.service';

const presentMyClaim = (claim: MyClaim) => ({
  id: claim.id,
  article: claim.article,
  quote: claim.quote,
  claimant: claim.claimant,
  status: claim.status,
  version: claim.version,
  lastChange: claim.lastChange ? presentLastChange(claim.lastChange) : null,
});

export const presentMyClaims = (mine: MyClaims) => ({
  holding: mine.holding.map(presentMyClaim),
  sentBack: mine.sentBack.map(presentMyClaim),
});
