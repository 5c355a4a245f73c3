// Every role's whole journey through the pages alone, from filing to ruling, in English and in Simplified Chinese:
// the buyer registers (on a phone-sized screen) and files with evidence; the seller arrives from the e-mail link,
// registers, confirms the address choosing the password on the e-mailed link's page, and responds; offers, chat, escalation; the mediator's joint and caucus messages,
// proposal and impasse; the arbitrator's evidence request, law confirmation and award; the seller's appeal, upheld by a
// fresh arbitrator; the buyer downloads the
// signed ruling and confirms compliance; the regulator and the admin check their pages. axe-core runs on each main
// page and screenshots are kept in tests/e2e/artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  startService, newPage, signIn, signedInPage, checkAccessibility, linkInMail, reloadUntil, assertFitsWidth, artifacts, password,
} from "./support.mjs";

let service;

before(async () => {
  service = await startService();
});

after(async () => {
  await service?.stop();
});

const texts = {
  en: { filed: "Awaiting the seller's response", closed: "Closed", award: "The award", intact: "Intact." },
  zh: { filed: "等待卖家答复", closed: "已结案", award: "裁决", intact: "完好无损。" },
};

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * A neutral's page as a new neutral meets it, on a desktop and on a phone: both screenshots kept, and every visible
 * control at least 44 px high (checkboxes and radio buttons count by their label).
 */
async function neutralShots(page, name) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await shot(page, `${name}-${width}`);
    const small = await page.evaluate(() => [...document.querySelectorAll("main button, main input, main select, main textarea, main summary")]
      .filter((e) => e.offsetParent !== null && e.type !== "hidden")
      .map((e) => (e.type === "checkbox" || e.type === "radio") ? (e.closest("label") ?? e) : e)
      .filter((e) => e.getBoundingClientRect().height < 43.5)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id || e.name || e.textContent.trim().slice(0, 30)} ${Math.round(e.getBoundingClientRect().height)}px`));
    assert.deepEqual([...new Set(small)], [], `${name} at ${width} px: controls under 44 px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
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
  // An irreversible action first opens its confirmation step, which says what will happen.
  const confirmation = page.locator(`${formSelector} details.confirm`);
  if (await confirmation.count() > 0) {
    await confirmation.first().locator("summary").click();
    await confirmation.first().locator(".confirm-what").waitFor();
  }
  await Promise.all([page.waitForEvent("framenavigated"), page.click(`${formSelector} button[type=submit]`)]);
  await page.waitForLoadState("domcontentloaded");
  const refusals = page.locator(".error-summary");
  if (await refusals.count() > 0) {
    assert.fail(`${formSelector} was refused: ${await refusals.textContent()}`);
  }
}

/** A chat message, sent live through the hub (the page stays) or by the plain form (the page reloads). */
async function say(page, text) {
  await page.fill("#chat-text", text);
  await page.click("#chat form button[type=submit]");
  await page.locator("ol.chat-log li", { hasText: text }).first().waitFor();
}

for (const language of ["en", "zh"]) {
  test(`the whole journey in the browser (${language})`, { timeout: 420_000 }, async () => {
    const t = texts[language];
    const buyerEmail = `buyer-${language}@example.org`;
    const sellerEmail = `seller-${language}@shop.example`;
    const orderDate = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);

    // ---- Buyer, on a phone: register, file with evidence. ----
    const buyer = await newPage(service, { phone: true });
    await chooseLanguage(buyer, language);
    await checkAccessibility(buyer, "home");
    await assertFitsWidth(buyer, "home");
    await buyer.goto(`${service.base}/Account/Register`);
    await checkAccessibility(buyer, "register");
    await buyer.fill("#displayName", language === "zh" ? "李华" : "Anna Weber");
    await buyer.fill("#email", buyerEmail);
    await buyer.fill("#password", password);
    await Promise.all([buyer.waitForURL(/\/Cases/), buyer.click("main button[type=submit]")]);
    // The filing guide first: plain questions whose answers fill the form in.
    await buyer.goto(`${service.base}/Cases/File/Guide`);
    await checkAccessibility(buyer, "filing guide");
    await assertFitsWidth(buyer, "filing guide");
    await shot(buyer, `journey-${language}-0-filing-guide-phone`);
    await buyer.check("input[name=claimType][value=NotReceived]");
    // Not yet written to the seller: the guide shows a message to send them, and a way to go on anyway.
    assert.ok(!(await buyer.isVisible("#guide-message")), "the message waits for the answer");
    await buyer.check("#contacted-no");
    await buyer.locator("#guide-message").waitFor();
    assert.ok((await buyer.inputValue("#guide-message")).length > 50, "a ready message to send the seller");
    await buyer.check("input[name=remedy][value=FullRefund]");
    await shot(buyer, `journey-${language}-0b-filing-guide-not-contacted-phone`);
    await Promise.all([buyer.waitForURL(/\/Cases\/File\?/), buyer.click("#guide-continue-anyway")]);

    // The form in three short steps, each one phone screen; Next checks the step, Back keeps everything.
    const stepIs = async (n) => assert.match(await buyer.textContent("#step-indicator .step-count"), new RegExp(`${n}\\D+3`));
    const next = async () => {
      await Promise.all([buyer.waitForEvent("framenavigated"), buyer.click("#step-next")]);
      await buyer.waitForLoadState("domcontentloaded");
    };
    const back = async () => {
      await Promise.all([buyer.waitForEvent("framenavigated"), buyer.click("#step-back")]);
      await buyer.waitForLoadState("domcontentloaded");
    };
    const refusedWith = async (items) => {
      assert.equal(await buyer.locator(".error-summary li").count(), items, await buyer.locator(".error-summary").textContent());
      assert.ok(await buyer.evaluate(() => document.activeElement?.classList.contains("error-summary")), "the summary has the focus");
    };
    await stepIs(1);
    await checkAccessibility(buyer, "file a complaint (step 1)");
    await assertFitsWidth(buyer, "file a complaint (step 1)");
    await buyer.fill("#marketplace", "ExampleMart");
    await buyer.fill("#orderReference", `J-${language}-1`);
    await buyer.fill("#item", language === "zh" ? "蓝牙耳机" : "Bluetooth headphones");
    await buyer.fill("#seller-name", "Shenzhen Audio Co.");
    await buyer.fill("#seller-email", sellerEmail);
    await buyer.selectOption("#seller-country", "CN");
    await buyer.check("input[name='seller.type'][value=Business]");
    // Sent without the order date: refused on this step, the summary focused, nothing else asked yet.
    await next();
    await stepIs(1);
    await refusedWith(1);
    await shot(buyer, `journey-${language}-1a-buyer-step1-refused-phone`);
    await buyer.fill("#orderDate", orderDate);
    await next();

    await stepIs(2);
    assert.equal(await buyer.inputValue("#claimType"), "NotReceived"); // the guide's answers are carried in
    assert.equal(await buyer.inputValue("#remedy-type"), "FullRefund");
    assert.ok((await buyer.textContent("#amount-currency option[value=EUR]")).includes("EUR – "), "currencies by name");
    await checkAccessibility(buyer, "file a complaint (step 2)");
    await assertFitsWidth(buyer, "file a complaint (step 2)");
    await buyer.fill("#description", "Paid on time; no delivery after three weeks. <b>not bold</b>");
    await buyer.fill("#amount-value", "80,00"); // a decimal comma, as a German buyer types it: 80, never 8000
    await buyer.selectOption("#amount-currency", "EUR");
    await shot(buyer, `journey-${language}-1b-buyer-step2-phone`);
    await next();

    await stepIs(3);
    await buyer.setInputFiles("#evidence", { name: "receipt.txt", mimeType: "text/plain", buffer: Buffer.from("Receipt: 80.00 EUR paid\n") });
    await buyer.selectOption("#buyer-country", "DE");
    await buyer.check("input[name='buyer.type'][value=Consumer]");
    await buyer.selectOption("#language", language);
    await buyer.check("#consentToArbitration");
    // A law code that is no law: refused on this step, and the file sent with it is kept.
    await buyer.fill("#choiceOfLaw", "XX9");
    await next();
    await stepIs(3);
    await refusedWith(1);
    assert.ok(await buyer.locator("#kept-files", { hasText: "receipt.txt" }).count() === 1, "the file is kept");
    await checkAccessibility(buyer, "file a complaint (step 3, refused)");
    await shot(buyer, `journey-${language}-1c-buyer-step3-refused-phone`);
    await buyer.fill("#choiceOfLaw", "");
    // Back twice and forward again: everything as typed, the comma amount too, and the file still kept.
    await back();
    await stepIs(2);
    assert.equal(await buyer.inputValue("#amount-value"), "80,00");
    await back();
    await stepIs(1);
    assert.equal(await buyer.inputValue("#orderReference"), `J-${language}-1`);
    assert.equal(await buyer.inputValue("#orderDate"), orderDate);
    await next();
    await next();
    await stepIs(3);
    assert.ok(await buyer.locator("#kept-files", { hasText: "receipt.txt" }).count() === 1, "the file is still kept");
    assert.equal(await buyer.inputValue("#language"), language);
    await assertFitsWidth(buyer, "file a complaint (step 3)");
    await next();

    // The last look before filing: the amount as it will be filed, and the kept file. Only this page files.
    await buyer.locator("#file-complaint").waitFor();
    assert.ok(await buyer.locator("dl.review", { hasText: "80.00 EUR" }).count() === 1, "the review shows 80.00 EUR");
    assert.ok(await buyer.locator("dl.review", { hasText: "receipt.txt" }).count() === 1, "the review lists the kept file");
    await checkAccessibility(buyer, "file a complaint (review)");
    await assertFitsWidth(buyer, "file a complaint (review)");
    await shot(buyer, `journey-${language}-1d-buyer-review-phone`);
    await Promise.all([buyer.waitForURL(/\/Cases\/Details\//), buyer.click("#file-complaint")]);
    const caseUrl = buyer.url();
    await buyer.getByText(t.filed).first().waitFor();
    assert.ok((await buyer.content()).includes("80.00 EUR"), "filed at 80.00 EUR, not 8000");
    assert.ok(await buyer.locator("text=receipt.txt").count() > 0, "the kept file was filed with the case");
    assert.ok((await buyer.content()).includes("&lt;b&gt;not bold&lt;/b&gt;"), "the description is shown as text");
    assert.ok(await buyer.locator("#next time").count() === 1, "the deadline is shown");
    await checkAccessibility(buyer, "case page (buyer)");
    await assertFitsWidth(buyer, "case page");
    await shot(buyer, `journey-${language}-1-buyer-filed-phone`);

    // ---- Seller: from the e-mail's link, register, confirm, respond with a counter-offer. ----
    const invitation = await linkInMail(service, sellerEmail, /https?:\/\/[^\s"<>]+\/Account\/Register[^\s"<>]*/);
    const seller = await newPage(service);
    await chooseLanguage(seller, language);
    await seller.goto(invitation.replace(/^https?:\/\/[^/]+/, service.base));
    assert.equal(await seller.inputValue("#email"), sellerEmail);
    await seller.fill("#displayName", "Shenzhen Audio Co.");
    await seller.fill("#password", password);
    await Promise.all([seller.waitForEvent("framenavigated"), seller.click("main button[type=submit]")]);
    // Not sent on to a case it may not see yet: told to confirm the address first.
    await seller.locator("#confirm-to-open").waitFor();
    await shot(seller, `journey-${language}-1b-seller-registered`);
    // The e-mailed link is on the public base URL; its page asks the mailbox's owner for the password.
    const confirmation = await linkInMail(service, sellerEmail, /https?:\/\/[^\s"<>]+\/Account\/ConfirmEmail[^\s"<>]*/);
    assert.ok(confirmation.startsWith(service.base), `the link is on the public base URL: ${confirmation}`);
    await seller.goto(confirmation);
    await checkAccessibility(seller, "confirm the address");
    await seller.fill("#password", password);
    await submit(seller, "main form");
    assert.equal(seller.url(), caseUrl, "confirming the address opens the case");
    await seller.goto(caseUrl);
    await seller.check("#respond-counter");
    await seller.selectOption("#counterType", "PartialRefund");
    await seller.fill("#counterAmount", "30");
    await seller.fill("#statement", "Tracking shows delivery to a neighbour.");
    await seller.check("#consent");
    await checkAccessibility(seller, "case page (seller, respond)");
    await submit(seller, "#respond");
    await shot(seller, `journey-${language}-2-seller-responded`);

    // ---- Buyer: rejects the counter-offer, writes in the chat, asks for a mediator. ----
    await buyer.goto(caseUrl);
    await submit(buyer, "#offers form.reject-offer");
    await say(buyer, "The neighbour has nothing.");
    await submit(buyer, "#escalate");

    // ---- Mediator: joint message, caucus, proposal, impasse (both consented: on to arbitration). ----
    const mediator = await assignedNeutral(caseUrl, ["mediator2@demo.odr", "mediator@demo.odr"], language);
    await mediator.goto(`${service.base}/Cases`);
    await checkAccessibility(mediator, "mediator's caseload");
    await mediator.goto(caseUrl);
    await neutralShots(mediator, `journey-${language}-3a-mediator-arrives`);
    await say(mediator, "Welcome both. Let us look at the tracking record.");
    await mediator.check("input[name=channel][value=CaucusBuyer]");
    await say(mediator, "Privately: would a partial refund work for you?");
    await mediator.selectOption("#proposalType", "PartialRefund");
    await mediator.fill("#proposalAmount", "60");
    await mediator.fill("#proposalNote", "Meet in the middle: the delivery proof is weak.");
    await submit(mediator, "#proposal");
    await checkAccessibility(mediator, "case page (mediator)");
    await shot(mediator, `journey-${language}-3-mediator`);
    await neutralShots(mediator, `journey-${language}-3b-mediator-proposed`);
    await mediator.fill("#impasseNote", "No agreement on the amount.");
    await submit(mediator, "#impasse");

    // ---- Arbitrator: evidence request, law confirmation, award. ----
    const arbitrator = await assignedNeutral(caseUrl, ["arbitrator2@demo.odr", "arbitrator@demo.odr", "arbitrator3@demo.odr"], language);
    await neutralShots(arbitrator, `journey-${language}-4a-arbitrator-arrives`);
    await arbitrator.check("input[name=requestFrom][value=Seller]");
    await arbitrator.fill("#requestText", "The carrier's proof of delivery with a signature.");
    await arbitrator.fill("#requestDays", "5");
    await submit(arbitrator, "#evidenceRequest");
    await neutralShots(arbitrator, `journey-${language}-4b-arbitrator-requested`);
    await submit(arbitrator, "#confirmLaw");
    await arbitrator.selectOption("#awardDecision", "PartialRefund");
    await arbitrator.fill("#awardAmount", "70");
    await arbitrator.fill("#awardReasons", "No signed proof of delivery was produced; the buyer bears a small part for the late report.");
    await checkAccessibility(arbitrator, "case page (arbitrator)");
    await submit(arbitrator, "#award");
    await shot(arbitrator, `journey-${language}-4-arbitrator-awarded`);
    await neutralShots(arbitrator, `journey-${language}-4c-arbitrator-awarded`);

    // ---- Seller: appeals the award; a fresh arbitrator (never the first, who no longer sees the case) upholds it. ----
    await seller.goto(caseUrl);
    await seller.locator("#appeal-period").waitFor();
    await seller.check("input[name=appealGrounds][value=ManifestError]");
    await seller.fill("#appealStatement", "The courier's record shows delivery to the buyer's address.");
    await checkAccessibility(seller, "case page (appeal form)");
    await shot(seller, `journey-${language}-4a-seller-appeal-form`);
    await submit(seller, "#appealForm");
    assert.equal((await arbitrator.goto(caseUrl)).status(), 404, "the first arbitrator has no part in the appeal");
    const appealArbitrator = await assignedNeutral(caseUrl, ["arbitrator2@demo.odr", "arbitrator@demo.odr", "arbitrator3@demo.odr"], language);
    await reloadUntil(appealArbitrator, "#appealDecisionForm");
    await appealArbitrator.selectOption("#appealDecision", "Upheld");
    await appealArbitrator.fill("#appealReasons", "The record shows delivery to a neighbour, not to the buyer; the award stands.");
    await checkAccessibility(appealArbitrator, "case page (appeal arbitrator)");
    await shot(appealArbitrator, `journey-${language}-4b-appeal-arbitrator`);
    await submit(appealArbitrator, "#appealDecisionForm");
    await appealArbitrator.locator("#appeal-final").waitFor();
    await appealArbitrator.context().close();

    // ---- Buyer: reads the award, downloads the signed ruling, confirms compliance. ----
    await buyer.goto(caseUrl);
    await reloadUntil(buyer, "a[href*='handler=Document']");
    const href = await buyer.getAttribute("a[href*='handler=Document']", "href");
    const pdf = await buyer.request.get(service.base + href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()["content-type"], "application/pdf");
    assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");
    await buyer.getByRole("heading", { name: t.award, exact: true }).waitFor();
    await buyer.locator("#appeal-final").waitFor();
    await assertFitsWidth(buyer, "case page (appeal decided)");
    await shot(buyer, `journey-${language}-4c-buyer-appeal-decided-phone`);
    await buyer.check("#complied-yes");
    await submit(buyer, "#compliance");
    await buyer.getByText(t.closed).first().waitFor();
    await checkAccessibility(buyer, "case page (closed)");
    await shot(buyer, `journey-${language}-5-buyer-closed-phone`);

    // ---- Regulator and admin. ----
    const regulator = await newPage(service);
    await chooseLanguage(regulator, language);
    await signIn(service, regulator, "regulator@demo.odr");
    for (const path of ["/Regulator", "/Regulator/Audit", "/Decisions"]) {
      await regulator.goto(service.base + path);
      await checkAccessibility(regulator, path);
    }
    await regulator.goto(`${service.base}/Regulator/Audit`);
    await regulator.getByText(t.intact).first().waitFor({ timeout: 5_000 }); // every chain checks out after the whole journey
    await shot(regulator, `journey-${language}-6-regulator-audit`);
    const admin = await signedInPage(service, "admin@demo.odr");
    await chooseLanguage(admin, language);
    await admin.goto(`${service.base}/Admin`);
    assert.ok(await admin.locator("form[id^=neutral-]").count() >= 4, "the neutral pool is listed");
    await checkAccessibility(admin, "admin");
    for (const path of ["/GoverningLaw", "/Verify", "/Sellers", "/Account/Login", "/Account/Preferences"]) {
      await admin.goto(service.base + path);
      await checkAccessibility(admin, path);
    }
    for (const page of [buyer, seller, mediator, arbitrator, regulator, admin]) {
      await page.context().close();
    }
  });
}
