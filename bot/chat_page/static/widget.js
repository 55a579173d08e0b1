// Starts the rasa-webchat widget in the page, with the settings the server wrote
// into <script id="cap-elus-config"> (no inline script: the page's CSP forbids it).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("cap-elus-config").textContent);
  window.WebChat.default(config.widget, document.getElementById("webchat"));
})();
