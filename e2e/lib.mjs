// What the browser tests share: Debian's headless Chromium, logging in, and a download's bytes.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

// The password of every user the test harness makes (crates/web/tests/common/mod.rs).
export const PASSWORD = "a-long-secret";

// Debian's Chromium, headless, without the background traffic a first run starts.
export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

// A new page in a context of its own (its own cookies), at a desktop's size.
export async function newPage(browser) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

// Logs `name` in through the login form; the portfolio follows.
export async function login(page, base, name) {
  await page.goto(`${base}/login`);
  await page.fill("#name", name);
  await page.fill("#password", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${base}/`);
}

// The bytes of the file that clicking `selector` downloads.
export async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return readFileSync(await file.path());
}
