import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServiceUnderTest, type ServiceUnderTest } from '#testing';

const TOKEN = 'scrape-token-0123456789abcdef';

async function scrapeStatus(url: string, authorization?: string): Promise<{ status: number; body: string; authenticate: string | null }> {
  const response = await fetch(`${url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });
  return { status: response.status, body: await response.text(), authenticate: response.headers.get('www-authenticate') };
}

describe('/metrics access', () => {
  describe('by default', () => {
    let sut: ServiceUnderTest;
    before(async () => {
      sut = await startServiceUnderTest();
    });
    after(() => sut?.stop());

    it('is open on the service port, as Prometheus expects', async () => {
      assert.equal(sut.service.metricsUrl, sut.service.url);
      const scrape = await scrapeStatus(sut.service.url);
      assert.equal(scrape.status, 200);
      assert.match(scrape.body, /^# HELP iot_jobs_/m);
    });
  });

  describe('with METRICS_BEARER_TOKEN', () => {
    let sut: ServiceUnderTest;
    before(async () => {
      sut = await startServiceUnderTest({ env: { METRICS_BEARER_TOKEN: TOKEN } });
    });
    after(() => sut?.stop());

    it('refuses scrapes without the token with a 401 and a Bearer challenge', async () => {
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`]) {
        const scrape = await scrapeStatus(sut.service.url, authorization);
        assert.equal(scrape.status, 401, String(authorization));
        assert.match(scrape.authenticate ?? '', /^Bearer /);
        assert.doesNotMatch(scrape.body, /iot_jobs_/);
      }
    });

    it('serves the metrics to a scrape with the token; health stays open', async () => {
      const scrape = await scrapeStatus(sut.service.url, `Bearer ${TOKEN}`);
      assert.equal(scrape.status, 200);
      assert.match(scrape.body, /^# HELP iot_jobs_/m);
      assert.equal((await fetch(`${sut.service.url}/health/live`)).status, 200);
    });
  });

  describe('with METRICS_PORT', () => {
    let sut: ServiceUnderTest;
    before(async () => {
      sut = await startServiceUnderTest({ env: { METRICS_PORT: '0', METRICS_BEARER_TOKEN: TOKEN } });
    });
    after(() => sut?.stop());

    it('serves /metrics only on its own port, still behind the token', async () => {
      assert.notEqual(sut.service.metricsUrl, sut.service.url);
      assert.equal((await scrapeStatus(sut.service.url, `Bearer ${TOKEN}`)).status, 404);
      assert.equal((await scrapeStatus(sut.service.metricsUrl)).status, 401);
      const scrape = await scrapeStatus(sut.service.metricsUrl, `Bearer ${TOKEN}`);
      assert.equal(scrape.status, 200);
      assert.match(scrape.body, /^# HELP iot_jobs_/m);
    });

    it('serves nothing else there', async () => {
      for (const path of ['/jobs', '/health/live', '/metrics/x']) {
        assert.equal((await fetch(`${sut.service.metricsUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404, path);
      }
    });
  });
});
