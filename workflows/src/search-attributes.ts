import { defineSearchAttributeKey } from '@temporalio/common';

/** Registered on the server at start-up (infra/local) and set on every workflow and schedule we start. */
export const TENANT_ID = defineSearchAttributeKey('TenantId', 'KEYWORD');
export const ACCOUNT_ID = defineSearchAttributeKey('AccountId', 'KEYWORD');
export const PROCESS_KIND = defineSearchAttributeKey('ProcessKind', 'KEYWORD');
