// Places an order through the order-service page and waits until its timeline shows it shipped.
// Fails on any console error of the page. Usage: node place-order.mjs <base-url> <screenshot.png>
import { chromium } from 'playwright-core';

const [baseUrl = 'http://localhost:8081', screenshot = 'orderflow-page.png'] = process.argv.slice(2);
const timeout = Number(process.env.SHIPPED_TIMEOUT_MS || 60000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Debian's Chromium as root, on a machine without internet: no sandbox, no GPU, no background traffic.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));

  await page.goto(`${baseUrl}/`);
  await page.waitForSelector('#feed-state.live', { timeout });
  await page.click('#place-order');
  const orderId = await (await page.waitForSelector('#order-id:not(:empty)', { timeout })).textContent();
  console.log(`placed ${orderId}`);

  await page.waitForSelector('#order-status[data-status="shipped"]', { timeout });
  await page.waitForSelector('#timeline li[data-step="shipped"].done', { timeout });
  await page.waitForSelector('#feed li.mine .type.OrderShippedEvent', { timeout });
  await page.waitForSelector('#hops:not([hidden])', { timeout });
  const tracking = await page.textContent('#timeline li[data-step="shipped"] .detail');
  console.log(`shipped: ${tracking}`);
  if (!/TRACK-[0-9A-F]{8}/.test(tracking)) {
    errors.push(`the shipped step shows no tracking number: "${tracking}"`);
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
} catch (error) {
  errors.push(String(error));
} finally {
  await browser.close();
}
if (errors.length > 0) {
  console.error(`FAILED:\n${errors.join('\n')}`);
  process.exit(1);
}
console.log('PASSED');
