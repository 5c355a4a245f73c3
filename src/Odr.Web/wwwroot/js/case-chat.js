// Live case chat: upgrades the server-rendered transcript and form on the case page. Without JavaScript (or without
// this script) the form still posts and the page shows the transcript. Text is always inserted as text, never HTML.
(function () {
  "use strict";
  const panel = document.getElementById("chat");
  if (!panel || !window.signalR) {
    return;
  }
  const caseId = panel.dataset.caseId;
  const form = panel.querySelector("form.chat-form");
  const input = form.querySelector("textarea[name=text]");
  const status = panel.querySelector(".chat-status");
  const lists = {};
  // Messages are numbered per channel; the last number seen in each channel this page shows.
  const lastSeqs = {};
  panel.querySelectorAll("ol.chat-log").forEach((list) => {
    lists[list.dataset.channel] = list;
    lastSeqs[list.dataset.channel] = Number(list.dataset.lastSeq || 0);
  });
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
    if (!list) {
      return;
    }
    lastSeqs[channel] = Math.max(lastSeqs[channel], message.seq);
    const item = document.createElement("li");
    item.id = "message-" + message.id;
    const who = document.createElement("strong");
    who.textContent = message.senderName + " (" + message.senderRole + ")";
    const when = document.createElement("time");
    when.dateTime = message.sentAt;
    when.textContent = new Date(message.sentAt).toLocaleString();
    const text = document.createElement("p");
    text.className = "pre-wrap";
    text.textContent = message.text;
    item.append(who, " ", when, text);
    list.append(item);
    list.scrollTop = list.scrollHeight;
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/cases")
    .withAutomaticReconnect()
    .build();

  connection.on("messageReceived", (message) => { if (message.caseId === caseId) show(message); });
  connection.on("caseUpdated", (update) => {
    if (update.caseId !== caseId) return;
    status.textContent = "The case has moved to " + update.stage + ". Reload the page to see what happens next.";
  });
  connection.onreconnecting(() => { status.textContent = "Reconnecting…"; });
  connection.onreconnected(async () => {
    status.textContent = "";
    await connection.invoke("JoinCase", caseId);
    (await connection.invoke("GetMessagesSince", caseId, cursor())).forEach(show);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    const channel = form.querySelector("[name=channel]:checked, input[name=channel][type=hidden]");
    const value = channel ? channel.value : "Joint";
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
    }
  });

  connection.start()
    .then(() => connection.invoke("JoinCase", caseId))
    .then(() => connection.invoke("GetMessagesSince", caseId, cursor()))
    .then((missed) => { missed.forEach(show); panel.dataset.live = "true"; status.textContent = ""; })
    .catch((error) => { status.textContent = "Live chat is unavailable; the form still works. " + error; });
})();
