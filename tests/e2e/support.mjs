// What the browser tests share: the service started with the README's run command on a free loopback port and a
// fresh data folder, Debian's Chromium, sign-in through the pages, axe-core, and the mail folder the service writes.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const root = new URL("../..", import.meta.url).pathname;
export const artifacts = join(root, "tests", "e2e", "artifacts");
export const password = "Odr-demo-2026!";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The service's database: SQLite in its data folder, or, in the test command's PostgreSQL run (ODR_TEST_POSTGRES), a new
 * database in the throwaway cluster (the service creates it; the cluster is deleted after the run).
 */
function database(dataDirectory) {
  const cluster = process.env.ODR_TEST_POSTGRES;
  if (!cluster) return { ConnectionStrings__Odr: `Data Source=${join(dataDirectory, "odr.db")}` };
  const name = `odr_e2e_${basename(dataDirectory).replace(/[^A-Za-z0-9]/g, "_").toLowerCase()}`;
  return {
    Odr__Database__Provider: "Postgres",
    ConnectionStrings__Odr: `${cluster.replace(/;?Database=[^;]*/i, "")};Database=${name}`,
  };
}

/** The service, with extra settings (environment variables in .NET's form, e.g. Odr__Chat__DigestDelay) when a test needs them. */
export async function startService({ env = {} } = {}) {
  mkdirSync(artifacts, { recursive: true });
  const dataDirectory = mkdtempSync(join(tmpdir(), "odr-e2e-"));
  const base = `http://127.0.0.1:${await freePort()}`;
  const server = spawn("bash", ["scripts/run.sh", "--no-build", "-c", "Debug", "--", "--urls", base], {
    cwd: root,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      Odr__Storage__DataDirectory: dataDirectory,
      Odr__PublicBaseUrl: base,
      ...database(dataDirectory),
      ...env,
    },
  });
  const deadline = Date.now() + 90_000;
  for (let healthy = false; !healthy;) {
    if (Date.now() > deadline) throw new Error("the service did not become healthy");
    try {
      healthy = (await fetch(`${base}/healthz`)).ok;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
  });
  return {
    base,
    browser,
    dataDirectory,
    async stop() {
      await browser.close();
      try { process.kill(-server.pid, "SIGKILL"); } catch { /* already gone */ }
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** A browser context of its own (its own cookies), phone-sized when asked. */
export async function newPage(service, { phone = false } = {}) {
  const context = await service.browser.newContext(phone
    ? { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "en-GB" }
    : { viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  page.cspViolations = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) page.cspViolations.push(message.text());
  });
  return page;
}

export async function signIn(service, page, email) {
  await page.goto(`${service.base}/Account/Login`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(/\/Cases/), page.click("main button[type=submit]")]);
}

export async function signedInPage(service, email, options) {
  const page = await newPage(service, options);
  await signIn(service, page, email);
  return page;
}

/**
 * axe-core on the page as it stands: no serious or critical violation of WCAG 2 A/AA; and the page broke none of the
 * service's Content-Security-Policy rules so far. axe is evaluated through the DevTools protocol, which the policy
 * (no inline script) rightly does not let a <script> tag do.
 */
export async function checkAccessibility(page, name) {
  assert.deepEqual(page.cspViolations ?? [], [], `content security policy on ${name}`);
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`), [],
    `accessibility of ${name}`);
}

/** The decoded text parts of every .eml the service wrote to a recipient, oldest first. */
export function mailTo(service, address) {
  const folder = join(service.dataDirectory, "mail");
  let files;
  try { files = readdirSync(folder).filter((f) => f.endsWith(".eml")); } catch { return []; }
  return files.map((f) => readFileSync(join(folder, f), "utf8"))
    .filter((raw) => new RegExp(`^To:.*<?${address.replace(/[.+]/g, "\\$&")}>?`, "mi").test(raw))
    .map((raw) => {
      const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
      return parts.map((part) => {
        const [head, ...body] = part.split(/\r?\n\r?\n/);
        const content = body.join("\n\n");
        return /Content-Transfer-Encoding: base64/i.test(head) ? Buffer.from(content.replace(/\s+/g, ""), "base64").toString("utf8") : content;
      }).join("\n");
    });
}

/** Waits for a mail to the address whose text matches the pattern (the service sends it when it is due), and returns its text. */
export async function mailMatching(service, address, pattern, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const found = mailTo(service, address).find((text) => pattern.test(text));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no mail to ${address} like ${pattern}`);
}

/** Waits for a mail to the address whose text matches, and returns the first link in it that matches. */
export async function linkInMail(service, address, linkPattern) {
  return (await mailMatching(service, address, linkPattern)).match(linkPattern)[0].replace(/&amp;/g, "&");
}

/** Reloads until the selector shows (the workflow acts a moment after a change: a neutral is assigned, a document issued). */
export async function reloadUntil(page, selector, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await page.locator(selector).count() > 0) return;
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
  throw new Error(`${selector} did not appear on ${page.url()}`);
}

/** A page fits a phone: nothing wider than the screen. */
export async function assertFitsWidth(page, name) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize().width;
  assert.ok(width <= viewport + 1, `${name} is ${width}px wide on a ${viewport}px screen`);
}
