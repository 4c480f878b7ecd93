import { CreateArticlesAndClaims1795786000000 } from './1795786000000-CreateArticlesAndClaims';
import { AddPeopleWorkflowEvidenceHistory1795787000000 } from './1795787000000-AddPeopleWorkflowEvidenceHistory';
import { PublishClaimSnapshots1795788000000 } from './1795788000000-PublishClaimSnapshots';
import { SearchVectorOnlyWhenTextChanges1795789000000 } from './1795789000000-SearchVectorOnlyWhenTextChanges';
import { PinProposals1795790000000 } from './1795790000000-PinProposals';
import { RecordTokenIssuersAndActingTokens1795791000000 } from './1795791000000-RecordTokenIssuersAndActingTokens';
import { ArticleHistoryAndPublishedArticle1795792000000 } from './1795792000000-ArticleHistoryAndPublishedArticle';
import { EvidenceSeqForPaging1795797000000 } from './1795797000000-EvidenceSeqForPaging';
import { WebSessions1795800000000 } from './1795800000000-WebSessions';
import { PasswordLinksAndDisabledPeople1795801000000 } from './1795801000000-PasswordLinksAndDisabledPeople';
import { SimilarClaimsAndMatches1795810000000 } from './1795810000000-SimilarClaimsAndMatches';
import { ArticleRevisions1795815000000 } from './1795815000000-ArticleRevisions';
import { AddWebhooks1795820000000 } from './1795820000000-AddWebhooks';
import { ExternalFactChecks1795825000000 } from './1795825000000-ExternalFactChecks';
import { ClaimsByLastChange1795830000000 } from './1795830000000-ClaimsByLastChange';
import { WordingBands1795835000000 } from './1795835000000-WordingBands';
import { ExternalFactCheckMatching1795840000000 } from './1795840000000-ExternalFactCheckMatching';
import { ExternalWordingBands1795845000000 } from './1795845000000-ExternalWordingBands';
import { DeskSectionsByIndex1795850000000 } from './1795850000000-DeskSectionsByIndex';

/** Every migration, oldest first. Listed explicitly so tsx and the compiled build load the same set. */
export const migrations = [
  CreateArticlesAndClaims1795786000000,
  AddPeopleWorkflowEvidenceHistory1795787000000,
  PublishClaimSnapshots1795788000000,
  SearchVectorOnlyWhenTextChanges1795789000000,
  PinProposals1795790000000,
  RecordTokenIssuersAndActingTokens1795791000000,
  ArticleHistoryAndPublishedArticle1795792000000,
  EvidenceSeqForPaging1795797000000,
  WebSessions1795800000000,
  PasswordLinksAndDisabledPeople1795801000000,
  SimilarClaimsAndMatches1795810000000,
  ArticleRevisions1795815000000,
  AddWebhooks1795820000000,
  ExternalFactChecks1795825000000,
  ClaimsByLastChange1795830000000,
  WordingBands1795835000000,
  ExternalFactCheckMatching1795840000000,
  ExternalWordingBands1795845000000,
  DeskSectionsByIndex1795850000000,
];
