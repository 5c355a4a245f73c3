// Two people in two browsers on one case page: what one writes, the other sees live. Real Chromium, real server
// (started with the README's run command), real sign-in through the pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startService, signedInPage, password, artifacts, mailTo, mailMatching } from "./support.mjs";

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
  // A short quiet period before a chat digest, so that the digest test waits seconds (for the mail itself), not 15 minutes.
  service = await startService({ env: { Odr__Chat__DigestDelay: "00:00:04" } });
  base = service.base;
});

after(async () => {
  await service?.stop();
});

async function file(orderReference) {
  const buyerToken = await token("buyer@demo.odr");
  const filed = await fetch(`${base}/api/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyerToken}` },
    body: JSON.stringify({
      marketplace: "ExampleMart", orderReference, orderDate: "2026-10-01", item: "Bluetooth headphones",
      amount: { value: 59.9, currency: "EUR" }, buyer: { country: "DE", type: "consumer" },
      seller: { name: "Shenzhen Audio Co.", email: "seller@demo.odr", country: "CN", type: "business", directsToBuyerCountry: "yes" },
      claimType: "notReceived", description: "No movement since 3 October.", remedy: { type: "fullRefund" }, language: "en",
    }),
  });
  assert.equal(filed.status, 201);
  return (await filed.json()).id;
}

test("a buyer and a seller chat live on the case page", async () => {
  const caseId = await file("E2E-1");

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

test("a signed document appears on the open case page as soon as it is issued, in the page's language", async () => {
  const caseId = await file("E2E-DOC");
  const buyer = await signedInPage(service, "buyer@demo.odr", { phone: true });
  await buyer.goto(`${base}/Cases/Details/${caseId}?culture=zh-Hans`);
  await buyer.waitForSelector("#chat[data-live=true]", { timeout: 15_000 });
  assert.equal(await buyer.locator("#case-documents a").count(), 0);

  // The settlement happens elsewhere: the seller counter-offers and the buyer accepts, both through the API.
  const call = async (who, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await token(who)}` }, body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${path}: ${response.status}`);
  };
  await call("seller@demo.odr", `/api/cases/${caseId}/response`, {
    action: "counterOffer", offer: { remedy: { type: "partialRefund", amount: { value: 40, currency: "EUR" } } },
    statement: "Half of the order arrived.", consentToArbitration: true,
  });
  const dispute = await (await fetch(`${base}/api/cases/${caseId}`, { headers: { authorization: `Bearer ${await token("buyer@demo.odr")}` } })).json();
  await call("buyer@demo.odr", `/api/cases/${caseId}/offers/${dispute.offers.find((o) => o.status === "open").id}/accept`, {});

  // No reload: the link is added by the hub's documentIssued, named in Chinese, and the top of the page says it moved on.
  const link = buyer.locator("#case-documents a[href*='handler=Document']");
  await link.first().waitFor({ timeout: 30_000 });
  assert.match(await link.first().textContent(), /^和解协议（PDF）$/); // Chinese brackets, as the rest of the page
  assert.match(await buyer.locator("#case-documents li").first().textContent(), /核验码/);
  await buyer.locator("#case-moved a").waitFor({ timeout: 10_000 });
  const pdf = await buyer.request.get(base + await link.first().getAttribute("href"));
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  await buyer.screenshot({ path: join(artifacts, "document-live-zh-Hans-phone.png"), fullPage: true });
});

test("a party away from the chat is sent one digest of what was written, whose link opens the case chat", async () => {
  const caseId = await file("E2E-2");
  // The seller has not opened the case; the buyer writes twice, within the quiet period.
  const buyer = await signedInPage(service, "buyer@demo.odr");
  await buyer.goto(`${base}/Cases/Details/${caseId}`);
  await buyer.waitForSelector("#chat[data-live=true]", { timeout: 15_000 });
  for (const text of ["Digest one: the parcel never came.", "Digest two: please refund me."]) {
    await buyer.fill("#chat-text", text);
    await buyer.click("#chat button[type=submit]");
    await buyer.locator("ol.chat-log li", { hasText: text }).first().waitFor();
  }

  // One mail, in the seller's language (Chinese), listing both messages, with a link to the case chat.
  const link = `${base}/Cases/Details/${caseId}#chat`;
  const digest = await mailMatching(service, "seller@demo.odr", /Digest one: the parcel never came\./);
  assert.match(digest, /自您上次阅读案件聊天以来，有以下新消息（2 条）/);
  assert.match(digest, /Digest two: please refund me\./);
  assert.ok(digest.includes(link), `the digest links to ${link}`);
  assert.equal(mailTo(service, "seller@demo.odr").filter((text) => text.includes("Digest one")).length, 1);

  const seller = await signedInPage(service, "seller@demo.odr");
  await seller.goto(link);
  await seller.locator("#chat ol.chat-log li", { hasText: "Digest two: please refund me." }).first().waitFor();
  assert.ok(await seller.locator("#chat").isVisible(), "the chat is shown");
  await seller.screenshot({ path: join(artifacts, "chat-digest-seller.png"), fullPage: false });
});
