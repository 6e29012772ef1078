import { describe, expect, it } from 'vitest';
import { formatReport, runSoak } from './harness.ts';

/**
 * Delivery under faults for about a minute (test/soak/harness.ts; `npm run soak` runs it
 * for longer, or with another seed): nobody gets the edition twice, and nobody goes without
 * it unless the ledger names them as unknown.
 */
describe('delivery soak', () => {
  it('sends nobody twice and loses nobody silently, through faults and kills', async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const report = await runSoak({ seed: 'soak-test-1', seconds: 60 });
    const lines = formatReport(report);
    console.log(lines.join('\n'));
    expect(report.failure).toBeUndefined();
    expect(report.proxyErrors).toEqual([]);
    expect(report.faults).toBeGreaterThan(0);
    expect(report.kills).toBeGreaterThan(0);
    expect(report.verdict.duplicates).toEqual([]);
    expect(report.verdict.losses).toEqual([]);
  }, 240_000);
});
