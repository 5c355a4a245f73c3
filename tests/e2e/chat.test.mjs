// Two people in two browsers on one case page: what one writes, the other sees live. Real Chromium, real server
// (started with the README's run command), real sign-in through the pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startService, signedInPage, password, artifacts } from "./support.mjs";

let service;
let base;

async function token(email) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).accessToken;
}

before(async () => {
  service = await startService();
  base = service.base;
});

after(async () => {
  await service?.stop();
});

test("a buyer and a seller chat live on the case page", async () => {
  const buyerToken = await token("buyer@demo.odr");
  const filed = await fetch(`${base}/api/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyerToken}` },
    body: JSON.stringify({
      marketplace: "ExampleMart", orderReference: "E2E-1", orderDate: "2026-10-01", item: "Bluetooth headphones",
      amount: { value: 59.9, currency: "EUR" }, buyer: { country: "DE", type: "consumer" },
      seller: { name: "Shenzhen Audio Co.", email: "seller@demo.odr", country: "CN", type: "business", directsToBuyerCountry: "yes" },
      claimType: "notReceived", description: "No movement since 3 October.", remedy: { type: "fullRefund" }, language: "en",
    }),
  });
  assert.equal(filed.status, 201);
  const caseId = (await filed.json()).id;

  const buyer = await signedInPage(service, "buyer@demo.odr");
  const seller = await signedInPage(service, "seller@demo.odr");
  for (const page of [buyer, seller]) {
    await page.goto(`${base}/Cases/Details/${caseId}`);
    await page.waitForSelector("#chat[data-live=true]", { timeout: 15_000 });
  }

  await buyer.fill("#chat-text", "Hello, where is my parcel? <script>alert(1)</script>");
  await buyer.click("#chat button[type=submit]");
  await seller.getByText("Hello, where is my parcel? <script>alert(1)</script>").waitFor({ timeout: 10_000 });

  await seller.fill("#chat-text", "您好，包裹已于十月三日寄出。");
  await seller.click("#chat button[type=submit]");
  await buyer.getByText("您好，包裹已于十月三日寄出。").waitFor({ timeout: 10_000 });

  // Written as text, never as markup: no script element came from the message.
  assert.equal(await seller.locator("#chat script").count(), 0);
  await buyer.screenshot({ path: join(artifacts, "chat-buyer.png"), fullPage: true });
  await seller.screenshot({ path: join(artifacts, "chat-seller.png"), fullPage: true });

  // A third person cannot open the case at all.
  const stranger = await signedInPage(service, "buyer2@demo.odr");
  const response = await stranger.goto(`${base}/Cases/Details/${caseId}`);
  assert.equal(response.status(), 404);
});
