// The worker bundles this file: it must only export workflow functions.
export { delegationFollowUp } from './delegation-follow-up';
export { standardsReview } from './standards-review';
export { facilitatedAgenda } from './facilitated-agenda';
export { peerFeedback } from './peer-feedback';
export { csvImport } from './csv-import';
