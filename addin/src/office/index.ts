export { loadOffice, looksHostedByOffice, OFFICE_JS_URL, type OfficeLoadResult } from './load-office';
export { officeMailHost, OfficeError, officeAsync, currentMessage, displayReplyForm } from './mailbox';
