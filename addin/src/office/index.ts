export { loadOffice, type OfficeLoadResult } from './load-office';
export { officeMailHost } from './mailbox';
