// Starts the rasa-webchat widget in the page, with the settings the server wrote
// into <script id="cap-elus-config"> (no inline script: the page's CSP forbids it).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("cap-elus-config").textContent);
  var widget = config.widget;
  var names = config.accessibleNames;
  var root = document.getElementById("webchat");

  // The typing cue before each bot message: short and fixed (bot/chat_page/page.py,
  // MESSAGE_DELAY_MS) instead of the widget's 0.8 to 3 s per message.
  widget.customMessageDelay = function () {
    return config.messageDelayMs;
  };

  // Keyboard and screen readers (RGAA / WCAG 2.1 AA): the widget's quick replies are plain
  // <div>s with a click handler, and its send button and text box have no accessible name.
  function isReply(element) {
    return element && element.classList && element.classList.contains("rw-reply") && element.tagName !== "A";
  }
  function named(selector, name) {
    root.querySelectorAll(selector).forEach(function (element) {
      if (!element.getAttribute("aria-label")) {
        element.setAttribute("aria-label", name);
      }
    });
  }
  function enhance() {
    root.querySelectorAll(".rw-reply:not([tabindex])").forEach(function (reply) {
      if (isReply(reply)) {
        reply.setAttribute("role", "button");
        reply.setAttribute("tabindex", "0");
      }
    });
    named(".rw-send", names.send);
    named(".rw-new-message", names.input);
  }
  // A reply chosen with Enter or Space is a click, as for a real button.
  root.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && isReply(event.target)) {
      event.preventDefault();
      event.target.click();
    }
  });
  new MutationObserver(enhance).observe(root, { childList: true, subtree: true });

  window.WebChat.default(widget, root);
})();
