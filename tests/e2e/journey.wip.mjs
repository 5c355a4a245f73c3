// Every role's whole journey through the pages alone, from filing to ruling, in English and in Simplified Chinese:
// the buyer registers (on a phone-sized screen) and files with evidence; the seller arrives from the e-mail link,
// registers, confirms the address and responds; offers, chat, escalation; the mediator's joint and caucus messages,
// proposal and impasse; the arbitrator's evidence request, law confirmation and award; the buyer downloads the
// signed ruling and confirms compliance; the regulator and the admin check their pages. axe-core runs on each main
// page and screenshots are kept in tests/e2e/artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  startService, newPage, signIn, signedInPage, checkAccessibility, linkInMail, reloadUntil, assertFitsWidth, artifacts, password,
} from "./support.mjs";

let service;
const started = Date.now();
const log = (what) => { if (process.env.E2E_TRACE) console.error(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}`); };

before(async () => {
  service = await startService();
});

after(async () => {
  await service?.stop();
});

const texts = {
  en: { switchTo: null, filed: "Awaiting the seller's response", next: "What happens next", closed: "Closed", award: "The award" },
  zh: { switchTo: "简体中文", filed: "等待卖家答复", next: "接下来会发生什么", closed: "已结案", award: "裁决" },
};

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The language switcher in the header: a form post, remembered in a cookie for the next pages. */
async function chooseLanguage(page, language) {
  await page.goto(service.base + "/");
  if (language !== "zh") return;
  await Promise.all([page.waitForEvent("framenavigated"), page.click(".language-switcher button")]);
  await page.waitForLoadState("domcontentloaded");
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hans");
}

/** The neutral of a role who was given the case: the one whose case page opens. */
async function assignedNeutral(caseUrl, candidates, language) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const email of candidates) {
      const page = await newPage(service);
      await chooseLanguage(page, language);
      await signIn(service, page, email);
      const response = await page.goto(caseUrl);
      if (response.status() === 200) return page;
      await page.context().close();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${candidates.join(" or ")} was assigned to ${caseUrl}`);
}

async function submit(page, formSelector) {
  await Promise.all([page.waitForEvent("framenavigated"), page.click(`${formSelector} button[type=submit]`)]);
  await page.waitForLoadState("domcontentloaded");
  assert.equal(await page.locator(".error-summary").count(), 0,
    `${formSelector} was refused: ${await page.locator(".error-summary").textContent().catch(() => "")}`);
}

/** A chat message, sent live through the hub (the page stays) or by the plain form (the page reloads). */
async function say(page, text) {
  await page.fill("#chat-text", text);
  await page.click("#chat form button[type=submit]");
  await page.locator("ol.chat-log li", { hasText: text }).first().waitFor();
}

for (const language of ["en", "zh"]) {
  test(`the whole journey in the browser (${language})`, { timeout: 240_000 }, async () => {
    const t = texts[language];
    const buyerEmail = `buyer-${language}@example.org`;
    const sellerEmail = `seller-${language}@shop.example`;
    const orderDate = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);

    // ---- Buyer, on a phone: register, file with evidence. ----
    const buyer = await newPage(service, { phone: true });
    log('await chooseLanguage(buyer, language);');
    await chooseLanguage(buyer, language);
    log('await checkAccessibility(buyer, "home");');
    await checkAccessibility(buyer, "home");
    log('await assertFitsWidth(buyer, "home");');
    await assertFitsWidth(buyer, "home");
    log('await buyer.goto(`${service.base}/Account/Register`);');
    await buyer.goto(`${service.base}/Account/Register`);
    log('await checkAccessibility(buyer, "register");');
    await checkAccessibility(buyer, "register");
    log('await buyer.fill("#displayName", language === "zh" ? "李华" : "Anna Webe');
    await buyer.fill("#displayName", language === "zh" ? "李华" : "Anna Weber");
    log('await buyer.fill("#email", buyerEmail);');
    await buyer.fill("#email", buyerEmail);
    log('await buyer.fill("#password", password);');
    await buyer.fill("#password", password);
    log('await Promise.all([buyer.waitForURL(/\\/Cases/), buyer.click("main butt');
    await Promise.all([buyer.waitForURL(/\/Cases/), buyer.click("main button[type=submit]")]);
    log('await buyer.goto(`${service.base}/Cases/File`);');
    await buyer.goto(`${service.base}/Cases/File`);
    log('await checkAccessibility(buyer, "file a complaint");');
    await checkAccessibility(buyer, "file a complaint");
    log('await assertFitsWidth(buyer, "file a complaint");');
    await assertFitsWidth(buyer, "file a complaint");
    log('await buyer.fill("#marketplace", "ExampleMart");');
    await buyer.fill("#marketplace", "ExampleMart");
    log('await buyer.fill("#orderReference", `J-${language}-1`);');
    await buyer.fill("#orderReference", `J-${language}-1`);
    log('await buyer.fill("#orderDate", orderDate);');
    await buyer.fill("#orderDate", orderDate);
    log('await buyer.fill("#item", language === "zh" ? "蓝牙耳机" : "Bluetooth head');
    await buyer.fill("#item", language === "zh" ? "蓝牙耳机" : "Bluetooth headphones");
    log('await buyer.fill("#amount-value", "80.00");');
    await buyer.fill("#amount-value", "80.00");
    log('await buyer.selectOption("#amount-currency", "EUR");');
    await buyer.selectOption("#amount-currency", "EUR");
    log('await buyer.selectOption("#buyer-country", "DE");');
    await buyer.selectOption("#buyer-country", "DE");
    log('await buyer.check("input[name=buyer.type][value=Consumer]");');
    await buyer.check("input[name='buyer.type'][value=Consumer]");
    log('await buyer.fill("#seller-name", "Shenzhen Audio Co.");');
    await buyer.fill("#seller-name", "Shenzhen Audio Co.");
    log('await buyer.fill("#seller-email", sellerEmail);');
    await buyer.fill("#seller-email", sellerEmail);
    log('await buyer.selectOption("#seller-country", "CN");');
    await buyer.selectOption("#seller-country", "CN");
    log('await buyer.check("input[name=seller.type][value=Business]");');
    await buyer.check("input[name='seller.type'][value=Business]");
    log('await buyer.selectOption("#claimType", "NotReceived");');
    await buyer.selectOption("#claimType", "NotReceived");
    log('await buyer.fill("#description", "Paid on time; no delivery after thre');
    await buyer.fill("#description", "Paid on time; no delivery after three weeks. <b>not bold</b>");
    log('await buyer.selectOption("#remedy-type", "FullRefund");');
    await buyer.selectOption("#remedy-type", "FullRefund");
    log('await buyer.setInputFiles("#evidence", { name: "receipt.txt", mimeType');
    await buyer.setInputFiles("#evidence", { name: "receipt.txt", mimeType: "text/plain", buffer: Buffer.from("Receipt: 80.00 EUR paid\n") });
    log('await buyer.selectOption("#language", language);');
    await buyer.selectOption("#language", language);
    log('await buyer.check("#consentToArbitration");');
    await buyer.check("#consentToArbitration");
    log('await Promise.all([buyer.waitForURL(/\\/Cases\\/Details\\//), buyer.click');
    await Promise.all([buyer.waitForURL(/\/Cases\/Details\//), buyer.click("main form button[type=submit]")]);
    const caseUrl = buyer.url();
    log('await buyer.getByText(t.filed).first().waitFor();');
    await buyer.getByText(t.filed).first().waitFor();
    assert.ok((await buyer.content()).includes("&lt;b&gt;not bold&lt;/b&gt;"), "the description is shown as text");
    assert.ok(await buyer.locator("#next time").count() === 1, "the deadline is shown");
    log('await checkAccessibility(buyer, "case page (buyer)");');
    await checkAccessibility(buyer, "case page (buyer)");
    log('await assertFitsWidth(buyer, "case page");');
    await assertFitsWidth(buyer, "case page");
    log('await shot(buyer, `journey-${language}-1-buyer-filed-phone`);');
    await shot(buyer, `journey-${language}-1-buyer-filed-phone`);

    // ---- Seller: from the e-mail's link, register, confirm, respond with a counter-offer. ----
    const invitation = await linkInMail(service, sellerEmail, /https?:\/\/[^\s"<>]+\/Account\/Register[^\s"<>]*/);
    const seller = await newPage(service);
    log('await chooseLanguage(seller, language);');
    await chooseLanguage(seller, language);
    log('await seller.goto(invitation.replace(/^https?:\\/\\/[^/]+/, service.base');
    await seller.goto(invitation.replace(/^https?:\/\/[^/]+/, service.base));
    assert.equal(await seller.inputValue("#email"), sellerEmail);
    log('await seller.fill("#displayName", "Shenzhen Audio Co.");');
    await seller.fill("#displayName", "Shenzhen Audio Co.");
    log('await seller.fill("#password", password);');
    await seller.fill("#password", password);
    log('await Promise.all([seller.waitForLoadState("load"), seller.click("main');
    await Promise.all([seller.waitForEvent("framenavigated"), seller.click("main button[type=submit]")]);
    const confirmation = await linkInMail(service, sellerEmail, /https?:\/\/[^\s"<>]+\/Account\/ConfirmEmail[^\s"<>]*/);
    log('await seller.goto(confirmation.replace(/^https?:\\/\\/[^/]+/, service.ba');
    await seller.goto(confirmation.replace(/^https?:\/\/[^/]+/, service.base));
    log('await seller.goto(caseUrl);');
    await seller.goto(caseUrl);
    log('await seller.check("#respond-counter");');
    await seller.check("#respond-counter");
    log('await seller.selectOption("#counterType", "PartialRefund");');
    await seller.selectOption("#counterType", "PartialRefund");
    log('await seller.fill("#counterAmount", "30");');
    await seller.fill("#counterAmount", "30");
    log('await seller.fill("#statement", "Tracking shows delivery to a neighbou');
    await seller.fill("#statement", "Tracking shows delivery to a neighbour.");
    log('await seller.check("#consent");');
    await seller.check("#consent");
    log('await checkAccessibility(seller, "case page (seller, respond)");');
    await checkAccessibility(seller, "case page (seller, respond)");
    log('await submit(seller, "#respond");');
    await submit(seller, "#respond");
    log('await shot(seller, `journey-${language}-2-seller-responded`);');
    await shot(seller, `journey-${language}-2-seller-responded`);

    // ---- Buyer: rejects the counter-offer, writes in the chat, asks for a mediator. ----
    log('await buyer.goto(caseUrl);');
    await buyer.goto(caseUrl);
    log('await submit(buyer, "#offers form:has(button.secondary)");');
    await submit(buyer, "#offers form:has(button.secondary)");
    log('await buyer.fill("#chat-text", "The neighbour has nothing.");');
    await buyer.fill("#chat-text", "The neighbour has nothing.");
    log('await submit(buyer, "#chat form");');
    await submit(buyer, "#chat form");
    log('await submit(buyer, "#escalate");');
    await submit(buyer, "#escalate");

    // ---- Mediator: joint message, caucus, proposal, impasse (both consented: on to arbitration). ----
    const mediator = await assignedNeutral(caseUrl, ["mediator2@demo.odr", "mediator@demo.odr"], language);
    log('await mediator.goto(`${service.base}/Cases`);');
    await mediator.goto(`${service.base}/Cases`);
    log('await checkAccessibility(mediator, "mediators caseload");');
    await checkAccessibility(mediator, "mediator's caseload");
    log('await mediator.goto(caseUrl);');
    await mediator.goto(caseUrl);
    log('await mediator.fill("#chat-text", "Welcome both. Let us look at the tr');
    await mediator.fill("#chat-text", "Welcome both. Let us look at the tracking record.");
    log('await submit(mediator, "#chat form");');
    await submit(mediator, "#chat form");
    log('await mediator.check("input[name=channel][value=CaucusBuyer]");');
    await mediator.check("input[name=channel][value=CaucusBuyer]");
    log('await mediator.fill("#chat-text", "Privately: would a partial refund w');
    await mediator.fill("#chat-text", "Privately: would a partial refund work for you?");
    log('await submit(mediator, "#chat form");');
    await submit(mediator, "#chat form");
    log('await mediator.selectOption("#proposalType", "PartialRefund");');
    await mediator.selectOption("#proposalType", "PartialRefund");
    log('await mediator.fill("#proposalAmount", "60");');
    await mediator.fill("#proposalAmount", "60");
    log('await mediator.fill("#proposalNote", "Meet in the middle: the delivery');
    await mediator.fill("#proposalNote", "Meet in the middle: the delivery proof is weak.");
    log('await submit(mediator, "#proposal");');
    await submit(mediator, "#proposal");
    log('await checkAccessibility(mediator, "case page (mediator)");');
    await checkAccessibility(mediator, "case page (mediator)");
    log('await shot(mediator, `journey-${language}-3-mediator`);');
    await shot(mediator, `journey-${language}-3-mediator`);
    log('await mediator.fill("#impasseNote", "No agreement on the amount.");');
    await mediator.fill("#impasseNote", "No agreement on the amount.");
    log('await submit(mediator, "#impasse");');
    await submit(mediator, "#impasse");

    // ---- Arbitrator: evidence request, law confirmation, award. ----
    const arbitrator = await assignedNeutral(caseUrl, ["arbitrator2@demo.odr", "arbitrator@demo.odr"], language);
    log('await arbitrator.check("input[name=requestFrom][value=Seller]");');
    await arbitrator.check("input[name=requestFrom][value=Seller]");
    log('await arbitrator.fill("#requestText", "The carriers proof of delivery');
    await arbitrator.fill("#requestText", "The carrier's proof of delivery with a signature.");
    log('await arbitrator.fill("#requestDays", "5");');
    await arbitrator.fill("#requestDays", "5");
    log('await submit(arbitrator, "#evidenceRequest");');
    await submit(arbitrator, "#evidenceRequest");
    log('await submit(arbitrator, "#confirmLaw");');
    await submit(arbitrator, "#confirmLaw");
    log('await arbitrator.selectOption("#awardDecision", "PartialRefund");');
    await arbitrator.selectOption("#awardDecision", "PartialRefund");
    log('await arbitrator.fill("#awardAmount", "70");');
    await arbitrator.fill("#awardAmount", "70");
    log('await arbitrator.fill("#awardReasons", "No signed proof of delivery wa');
    await arbitrator.fill("#awardReasons", "No signed proof of delivery was produced; the buyer bears a small part for the late report.");
    log('await checkAccessibility(arbitrator, "case page (arbitrator)");');
    await checkAccessibility(arbitrator, "case page (arbitrator)");
    log('await submit(arbitrator, "#award");');
    await submit(arbitrator, "#award");
    log('await shot(arbitrator, `journey-${language}-4-arbitrator-awarded`);');
    await shot(arbitrator, `journey-${language}-4-arbitrator-awarded`);

    // ---- Buyer: reads the award, downloads the signed ruling, confirms compliance. ----
    log('await buyer.goto(caseUrl);');
    await buyer.goto(caseUrl);
    log('await reloadUntil(buyer, "a[href*=handler=Document]");');
    await reloadUntil(buyer, "a[href*='handler=Document']");
    const href = await buyer.getAttribute("a[href*='handler=Document']", "href");
    const pdf = await buyer.request.get(service.base + href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");
    log('await buyer.getByRole("heading", { name: t.award, exact: true }).waitF');
    await buyer.getByRole("heading", { name: t.award, exact: true }).waitFor();
    log('await buyer.check("#complied-yes");');
    await buyer.check("#complied-yes");
    log('await submit(buyer, "#compliance");');
    await submit(buyer, "#compliance");
    log('await buyer.getByText(t.closed).first().waitFor();');
    await buyer.getByText(t.closed).first().waitFor();
    log('await checkAccessibility(buyer, "case page (closed)");');
    await checkAccessibility(buyer, "case page (closed)");
    log('await shot(buyer, `journey-${language}-5-buyer-closed-phone`);');
    await shot(buyer, `journey-${language}-5-buyer-closed-phone`);

    // ---- Regulator and admin. ----
    const regulator = await newPage(service);
    log('await chooseLanguage(regulator, language);');
    await chooseLanguage(regulator, language);
    log('await signIn(service, regulator, "regulator@demo.odr");');
    await signIn(service, regulator, "regulator@demo.odr");
    for (const path of ["/Regulator", "/Regulator/Audit", "/Decisions"]) {
      log('await regulator.goto(service.base + path);');
      await regulator.goto(service.base + path);
      log('await checkAccessibility(regulator, path);');
      await checkAccessibility(regulator, path);
    }
    log('await regulator.goto(`${service.base}/Regulator/Audit`);');
    await regulator.goto(`${service.base}/Regulator/Audit`);
    assert.equal(await regulator.locator(".notice.success, .intact, p:has(strong)").count() > 0, true);
    log('await shot(regulator, `journey-${language}-6-regulator-audit`);');
    await shot(regulator, `journey-${language}-6-regulator-audit`);
    const admin = await signedInPage(service, "admin@demo.odr");
    log('await chooseLanguage(admin, language);');
    await chooseLanguage(admin, language);
    log('await admin.goto(`${service.base}/Admin`);');
    await admin.goto(`${service.base}/Admin`);
    assert.ok(await admin.locator("form[id^=neutral-]").count() >= 4, "the neutral pool is listed");
    log('await checkAccessibility(admin, "admin");');
    await checkAccessibility(admin, "admin");
    for (const path of ["/GoverningLaw", "/Verify", "/Sellers", "/Account/Login", "/Account/Preferences"]) {
      log('await admin.goto(service.base + path);');
      await admin.goto(service.base + path);
      log('await checkAccessibility(admin, path);');
      await checkAccessibility(admin, path);
    }
    for (const page of [buyer, seller, mediator, arbitrator, regulator, admin]) {
      log('await page.context().close();');
      await page.context().close();
    }
  });
}
