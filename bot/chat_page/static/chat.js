// Minimal chat client over Rasa's REST channel. Every message is rendered with
// DOM text nodes only: HTML sent by anyone is shown as text, never executed.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  const config = JSON.parse(root.dataset.config);
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  let sender = sessionStorage.getItem("cap-elus-sender");
  if (!sender) {
    sender = "web-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
    sessionStorage.setItem("cap-elus-sender", sender);
  }

  // Inline Markdown subset: **bold**, [text](https://…).
  function appendInline(parent, text) {
    const pattern = /\*\*([^*]+)\*\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
    let last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) {
        const strong = document.createElement("strong");
        strong.textContent = match[1];
        parent.appendChild(strong);
      } else {
        const link = document.createElement("a");
        link.textContent = match[2];
        link.href = match[3];
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        parent.appendChild(link);
      }
      last = pattern.lastIndex;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderMarkdown(parent, text) {
    let listEl = null;
    for (const line of text.split("\n")) {
      const item = line.match(/^\s*(?:[-*]|\d+\.)\s+(.*)$/);
      if (item) {
        if (!listEl) { listEl = document.createElement("ul"); parent.appendChild(listEl); }
        const li = document.createElement("li");
        appendInline(li, item[1]);
        listEl.appendChild(li);
      } else if (line.trim()) {
        listEl = null;
        const p = document.createElement("p");
        appendInline(p, line);
        parent.appendChild(p);
      } else {
        listEl = null;
      }
    }
  }

  function addMessage(who, text, buttons) {
    const li = document.createElement("li");
    li.className = "msg " + who;
    if (who === "bot") renderMarkdown(li, text || ""); else li.textContent = text;
    if (buttons && buttons.length) {
      const box = document.createElement("div");
      box.className = "buttons";
      for (const b of buttons) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", () => send(b.payload, b.title));
        box.appendChild(btn);
      }
      li.appendChild(box);
    }
    list.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  async function send(message, shown) {
    if (shown !== null) addMessage("user", shown === undefined ? message : shown);
    try {
      const response = await fetch(config.webhook, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const replies = await response.json();
      for (const r of replies) addMessage("bot", r.text, r.buttons);
    } catch (err) {
      addMessage("bot", "Le service est momentanément indisponible. Réessayez dans un instant.");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });

  send("/greet", null);
})();
