// Live case chat: upgrades the server-rendered transcript and form on the case page. Without JavaScript (or without
// this script) the form still posts and the page shows the transcript. Text is always inserted as text, never HTML.
(function () {
  "use strict";
  const panel = document.getElementById("chat");
  if (!panel || !window.signalR) {
    return;
  }
  const caseId = panel.dataset.caseId;
  // The page's texts in the viewer's language (the script has no English of its own) and the viewer's time zone.
  const texts = JSON.parse(panel.dataset.texts || "{}");
  const roles = texts.roles || {};
  const stages = texts.stages || {};
  const timeZone = panel.dataset.timeZone || "UTC";
  const language = document.documentElement.lang || undefined;
  // An instant in the viewer's zone laid out by the page's own pattern (format.dateTime: d, dd, M, MM, MMM, MMMM, yyyy,
  // HH, mm and 'quoted' text), so a message that arrives live reads like those the server wrote.
  const pattern = texts.dateTime || "yyyy-MM-dd HH:mm";
  function layout(instant) {
    const date = new Date(instant);
    const zone = (options) => {
      try {
        return new Intl.DateTimeFormat(language, { ...options, timeZone });
      } catch {
        return new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" });
      }
    };
    const parts = {};
    zone({ year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(date).forEach((part) => { parts[part.type] = part.value; });
    const pad = (value) => String(Number(value)).padStart(2, "0");
    const tokens = {
      yyyy: () => parts.year, MMMM: () => zone({ month: "long" }).format(date), MMM: () => zone({ month: "short" }).format(date),
      MM: () => pad(parts.month), M: () => String(Number(parts.month)), dd: () => pad(parts.day), d: () => String(Number(parts.day)),
      HH: () => pad(parts.hour), mm: () => pad(parts.minute),
    };
    return pattern.replace(/'([^']*)'|yyyy|MMMM|MMM|MM|M|dd|d|HH|mm/g, (token, quoted) => quoted !== undefined ? quoted : tokens[token]());
  }
  // "name (role)", "Award (PDF)": the brackets as the viewer's language writes them (full-width in Chinese).
  const bracketed = (text) => (texts.bracketed || " ({0})").replace("{0}", () => text);
  const formatInstant = (instant) => (texts.when || "{0} ({1})").replace("{0}", layout(instant)).replace("{1}", timeZone);
  const form = panel.querySelector("form.chat-form");
  const input = form.querySelector("textarea[name=text]");
  const status = panel.querySelector(".chat-status");
  const lists = {};
  // Messages are numbered per channel; the last number seen in each channel this page shows, and the last it was drawn
  // with. The page draws each channel's latest messages only, so one numbered up to that is on it or left out on purpose
  // (an earlier one, behind the "Earlier messages" link). An earlier window has no data-channel: it takes no live messages.
  const lastSeqs = {};
  const drawnSeqs = {};
  panel.querySelectorAll("ol.chat-log[data-channel]").forEach((list) => {
    lists[list.dataset.channel] = list;
    lastSeqs[list.dataset.channel] = drawnSeqs[list.dataset.channel] = Number(list.dataset.lastSeq || 0);
    list.scrollTop = list.scrollHeight; // a latest page opens on its newest message, as a chat does
  });
  // Whether the reader is at a log's newest message (within a line of it), so that a new one keeps it there; a reader
  // scrolled back to read older messages is left where they are.
  const atBottom = (list) => list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  let sending = null; // the channel of the message this page is sending: its echo scrolls into view wherever the reader was
  // What a reconnecting page asks after: the least of its channels' numbers (what it already shows is dropped by id).
  const cursor = () => Math.min(0x7fffffff, ...Object.values(lastSeqs));

  function channelName(channel) {
    return { joint: "Joint", caucusBuyer: "CaucusBuyer", caucusSeller: "CaucusSeller" }[channel] || channel;
  }

  function show(message) {
    if (document.getElementById("message-" + message.id)) {
      return; // already on the page: a replay after reconnecting
    }
    const channel = channelName(message.channel);
    const list = lists[channel];
    if (!list || message.seq <= drawnSeqs[channel]) {
      return;
    }
    const empty = panel.querySelector('[data-empty-for="' + channel + '"]');
    if (empty) {
      empty.remove(); // "No messages yet" no longer holds
    }
    lastSeqs[channel] = Math.max(lastSeqs[channel], message.seq);
    const item = document.createElement("li");
    item.id = "message-" + message.id;
    const who = document.createElement("strong");
    who.textContent = message.senderName + bracketed(roles[message.senderRole] || message.senderRole);
    const when = document.createElement("time");
    when.dateTime = message.sentAt;
    when.textContent = formatInstant(message.sentAt);
    const text = document.createElement("p");
    text.className = "pre-wrap";
    text.textContent = message.text;
    item.append(who, " ", when, text);
    const follow = atBottom(list) || sending === channel;
    list.append(item);
    if (follow) {
      list.scrollTop = list.scrollHeight;
    }
    markRead();
  }

  // Messages this page shows while it is in view are read: the server then mails no digest of them.
  let unreadWhileHidden = false;
  function markRead() {
    if (document.visibilityState !== "visible") {
      unreadWhileHidden = true;
      return;
    }
    unreadWhileHidden = false;
    connection.invoke("MarkRead", caseId).catch(() => { /* the next message or visit marks it */ });
  }
  document.addEventListener("visibilitychange", () => {
    if (unreadWhileHidden && document.visibilityState === "visible") markRead();
  });

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/cases")
    .withAutomaticReconnect()
    .build();

  connection.on("messageReceived", (message) => { if (message.caseId === caseId) show(message); });
  connection.on("caseUpdated", (update) => {
    if (update.caseId !== caseId) return;
    const moved = (texts.caseMoved || "{0}").replace("{0}", stages[update.stage] || update.stage);
    status.textContent = moved;
    // Said at the top too, where the stage and the next step shown are now out of date (a settlement's document arrives
    // in the Documents section while the header still shows the old stage): the link reloads the page.
    let notice = document.getElementById("case-moved");
    if (!notice) {
      notice = document.createElement("p");
      notice.id = "case-moved";
      notice.className = "notice warning";
      notice.setAttribute("role", "status");
      notice.append(document.createElement("a"));
      const main = document.getElementById("main") || document.body;
      main.insertBefore(notice, main.firstChild);
    }
    const reload = notice.querySelector("a");
    reload.href = window.location.pathname + window.location.search;
    reload.textContent = moved;
  });
  // A signed document issued while the page is open: listed as the server lists it, without a reload.
  connection.on("documentIssued", (issued) => {
    const section = document.getElementById("case-documents");
    if (issued.caseId !== caseId || !section || document.getElementById("document-" + issued.document.id)) return;
    const item = document.createElement("li");
    item.id = "document-" + issued.document.id;
    const link = document.createElement("a");
    link.href = "/Cases/Details/" + caseId + "?handler=Document&documentId=" + encodeURIComponent(issued.document.id);
    link.textContent = ((texts.documents || {})[issued.document.kind] || issued.document.kind) + bracketed("PDF");
    const code = document.createElement("span");
    code.className = "mono";
    code.textContent = issued.document.verificationCode;
    item.append(link, " — " + (texts.documentIssued || "{0}").replace("{0}", formatInstant(issued.document.issuedAt)) + " ", code);
    section.querySelector("ul").append(item);
    section.hidden = false;
  });
  connection.onreconnecting(() => { status.textContent = texts.reconnecting || ""; });
  connection.onreconnected(async () => {
    status.textContent = "";
    await connection.invoke("JoinCase", caseId);
    (await connection.invoke("GetMessagesSince", caseId, cursor())).forEach(show);
  });

  form.addEventListener("submit", async (event) => {
    // Until the live connection is up (or while it reconnects) the plain form posts the message: one typed in the
    // first moments after the page opened, on a slow phone or a busy server, is sent rather than refused.
    if (panel.dataset.live !== "true" || connection.state !== signalR.HubConnectionState.Connected) return;
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    const channel = form.querySelector("[name=channel]:checked, input[name=channel][type=hidden]");
    const value = channel ? channel.value : "Joint";
    sending = value;
    try {
      if (value === "Joint") {
        await connection.invoke("SendMessage", caseId, text);
      } else {
        await connection.invoke("SendCaucusMessage", caseId, value === "CaucusBuyer" ? "buyer" : "seller", text);
      }
      input.value = "";
      status.textContent = "";
    } catch (error) {
      status.textContent = (error && error.message ? error.message : String(error)).replace(/^.*HubException: /, "");
    } finally {
      sending = null;
    }
  });

  connection.start()
    .then(() => connection.invoke("JoinCase", caseId))
    .then(() => connection.invoke("GetMessagesSince", caseId, cursor()))
    .then((missed) => { missed.forEach(show); panel.dataset.live = "true"; status.textContent = ""; })
    .catch((error) => {
      status.textContent = texts.unavailable || "";
      console.warn("Live chat unavailable", error);
    });
})();
