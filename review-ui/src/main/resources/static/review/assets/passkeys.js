// Passkeys (issue 14): the WebAuthn ceremonies against Spring Security's endpoints, in the JSON
// forms its own script sends. A file of its own because the policy allows no inline script.
"use strict";
(function () {
  function b64url(buffer) {
    var s = String.fromCharCode.apply(null, new Uint8Array(buffer));
    return window.btoa(s).replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
  }
  function bytes(text) {
    var bin = window.atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }
  function post(el, url, body) {
    var headers = { "Content-Type": "application/json" };
    headers[el.dataset.csrfHeader] = el.dataset.csrf;
    return fetch(url, {
      method: "POST", headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }
  function show(id) {
    var e = document.getElementById(id);
    if (e) { e.hidden = false; e.focus(); }
  }
  var supported = !!(window.PublicKeyCredential && navigator.credentials);

  var signIn = document.getElementById("passkey-sign-in");
  if (signIn) {
    if (!supported) { show("passkey-unsupported"); signIn.disabled = true; }
    signIn.addEventListener("click", function () {
      signIn.disabled = true;
      post(signIn, "/webauthn/authenticate/options").then(function (o) {
        o.challenge = bytes(o.challenge);
        o.allowCredentials = (o.allowCredentials || []).map(function (c) {
          return Object.assign({}, c, { id: bytes(c.id) });
        });
        return navigator.credentials.get({ publicKey: o });
      }).then(function (cred) {
        var r = cred.response;
        return post(signIn, "/login/webauthn", {
          id: cred.id,
          rawId: b64url(cred.rawId),
          response: {
            authenticatorData: b64url(r.authenticatorData),
            clientDataJSON: b64url(r.clientDataJSON),
            signature: b64url(r.signature),
            userHandle: r.userHandle ? b64url(r.userHandle) : undefined
          },
          credType: cred.type,
          clientExtensionResults: cred.getClientExtensionResults(),
          authenticatorAttachment: cred.authenticatorAttachment
        });
      }).then(function (answer) {
        if (!answer || !answer.authenticated) { throw new Error("refused"); }
        window.location.href = signIn.dataset.next;
      }).catch(function () {
        signIn.disabled = false;
        show("passkey-error");
      });
    });
  }

  var register = document.getElementById("passkey-register");
  if (register) {
    if (!supported) { show("passkey-unsupported"); }
    register.addEventListener("submit", function (event) {
      event.preventDefault();
      var label = document.getElementById("passkey-label").value.trim();
      if (!label) { return; }
      var button = register.querySelector("button[type=submit]");
      button.disabled = true;
      post(register, "/webauthn/register/options").then(function (o) {
        o.challenge = bytes(o.challenge);
        o.user = Object.assign({}, o.user, { id: bytes(o.user.id) });
        o.excludeCredentials = (o.excludeCredentials || []).map(function (c) {
          return Object.assign({}, c, { id: bytes(c.id) });
        });
        return navigator.credentials.create({ publicKey: o });
      }).then(function (cred) {
        var r = cred.response;
        return post(register, "/webauthn/register", {
          publicKey: {
            credential: {
              id: cred.id,
              rawId: b64url(cred.rawId),
              response: {
                attestationObject: b64url(r.attestationObject),
                clientDataJSON: b64url(r.clientDataJSON),
                transports: r.getTransports ? r.getTransports() : []
              },
              type: cred.type,
              clientExtensionResults: cred.getClientExtensionResults(),
              authenticatorAttachment: cred.authenticatorAttachment
            },
            label: label
          }
        });
      }).then(function (answer) {
        if (!answer || !answer.success) { throw new Error("refused"); }
        window.location.href = register.dataset.done;
      }).catch(function () {
        button.disabled = false;
        show("passkey-error");
      });
    });
  }
})();
