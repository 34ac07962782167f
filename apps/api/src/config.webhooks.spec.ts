import { ConfigError, loadConfig } from './config.js';

/** The problems a start with this environment reports (none: it starts). */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('WEBHOOK_LOG_DAYS against the retry schedule', () => {
  it('refuses a log shorter than the last retry plus the timeout, naming both variables on a line of its own', () => {
    // the default schedule ends 86400 s after the first try; with the default 10 s timeout that is 1.000116 days
    expect(problems({ WEBHOOK_LOG_DAYS: '1' })).toEqual([
      'WEBHOOK_LOG_DAYS must be at least the last retry of WEBHOOK_RETRY_SCHEDULE (86400 s after the first try) plus WEBHOOK_TIMEOUT_MS (10000 ms), or deliveries still being retried are pruned from the log: at least 1.000116 days, got "1"',
    ]);
    expect(problems({ WEBHOOK_LOG_DAYS: '0.0008', WEBHOOK_RETRY_SCHEDULE: '0,60', WEBHOOK_TIMEOUT_MS: '20000' })).toEqual([
      'WEBHOOK_LOG_DAYS must be at least the last retry of WEBHOOK_RETRY_SCHEDULE (60 s after the first try) plus WEBHOOK_TIMEOUT_MS (20000 ms), or deliveries still being retried are pruned from the log: at least 0.000926 days, got "0.0008"',
    ]);
    // reported with the other problems, each on its own line
    expect(problems({ WEBHOOK_LOG_DAYS: '1', PORT: 'eighty' })).toHaveLength(2);
  });

  it('takes a log that outlasts the schedule, the boundary included', () => {
    expect(loadConfig({ WEBHOOK_LOG_DAYS: '1.5' }).webhooks.logDays).toBe(1.5);
    // 60 s + 100 ms = 60.1 s = 0.00069560185… days
    expect(problems({ WEBHOOK_LOG_DAYS: '0.000696', WEBHOOK_RETRY_SCHEDULE: '0,60', WEBHOOK_TIMEOUT_MS: '100' })).toEqual([]);
    expect(problems({ WEBHOOK_LOG_DAYS: '0.000695', WEBHOOK_RETRY_SCHEDULE: '0,60', WEBHOOK_TIMEOUT_MS: '100' })).toHaveLength(1);
    expect(loadConfig({}).webhooks).toMatchObject({ logDays: 30, timeoutMs: 10_000, retrySchedule: [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400] });
  });

  it('says nothing of the comparison when one of the three is invalid itself: that line is enough', () => {
    expect(problems({ WEBHOOK_LOG_DAYS: 'soon' })).toEqual(['WEBHOOK_LOG_DAYS must be a positive number, got "soon"']);
    expect(problems({ WEBHOOK_LOG_DAYS: '0.5', WEBHOOK_RETRY_SCHEDULE: '0,5,1' })).toEqual([expect.stringMatching(/^WEBHOOK_RETRY_SCHEDULE: must be whole numbers/)]);
    expect(problems({ WEBHOOK_LOG_DAYS: '0.5', WEBHOOK_TIMEOUT_MS: '5' })).toEqual([expect.stringMatching(/^WEBHOOK_TIMEOUT_MS must be a whole number/)]);
  });
});

describe('WEBHOOK_SEND_THREADS', () => {
  it('is one sending thread unless set; 0 sends from the main thread; a count outside 0–16 is refused', () => {
    expect(loadConfig({}).webhooks.sendThreads).toBe(1);
    expect(loadConfig({ WEBHOOK_SEND_THREADS: '0' }).webhooks.sendThreads).toBe(0);
    expect(loadConfig({ WEBHOOK_SEND_THREADS: '4' }).webhooks.sendThreads).toBe(4);
    expect(problems({ WEBHOOK_SEND_THREADS: '17' })).toEqual([expect.stringMatching(/^WEBHOOK_SEND_THREADS must be a whole number/)]);
    expect(problems({ WEBHOOK_SEND_THREADS: 'two' })).toEqual([expect.stringMatching(/^WEBHOOK_SEND_THREADS must be a whole number/)]);
  });
});
