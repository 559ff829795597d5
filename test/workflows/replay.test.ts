import { Worker } from '@temporalio/worker';
import { recordedHistories } from '../support/history-fixtures';
import { installQuietRuntime, WORKFLOWS_PATH } from '../support/workflow-harness';

/**
 * Replays every recorded workflow history (test/workflows/histories/, recorded by the workflow tests
 * with RECORD_HISTORIES=1) against today's workflow code. A change that would break running workflows
 * — reordered commands, a removed timer, a renamed activity — fails here instead of in production.
 */
jest.setTimeout(120_000);

const histories = recordedHistories();

beforeAll(installQuietRuntime);

it('has recorded histories to replay', () => {
  expect(histories.map((item) => item.name)).toEqual([
    'delegation-follow-up-year',
    'facilitated-agenda-cycle',
    'facilitated-agenda-deadline',
    'peer-feedback-quiet-delivery',
    'peer-feedback-round',
    'standards-review-quarter',
  ]);
});

it.each(histories.map((item) => [item.name, item.history] as const))('replays %s deterministically', async (name, history) => {
  await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: name }, history);
});

it('notices nondeterminism: a history replayed as another workflow type fails', async () => {
  const agenda = histories.find((item) => item.name === 'facilitated-agenda-cycle')!;
  const history = structuredClone(agenda.history);
  history.events![0]!.workflowExecutionStartedEventAttributes!.workflowType = { name: 'peerFeedback' };
  const results = Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH, replayName: 'agenda-as-feedback' }, [{ workflowId: 'tampered', history }]);
  const errors: unknown[] = [];
  for await (const result of results) if (result.error) errors.push(result.error);
  expect(errors).toHaveLength(1);
});
