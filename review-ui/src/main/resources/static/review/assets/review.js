// The review UI's only script (the CSP forbids inline script). Progressive: every page works without it.
(function () {
  'use strict';

  // Sensitive images: blurred and greyscale by default; a click (or Enter/Space: they are buttons)
  // reveals one, leaving it (mouse, focus) blurs it again.
  function conceal(el) {
    el.classList.remove('revealed');
    el.setAttribute('aria-pressed', 'false');
  }

  function setUp(el) {
    el.setAttribute('aria-pressed', 'false');
    el.addEventListener('click', function () {
      var on = !el.classList.contains('revealed');
      el.classList.toggle('revealed', on);
      el.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
    el.addEventListener('mouseleave', function () { conceal(el); });
    // mouseout as well (older engines): only when the pointer leaves the button, not into its image
    el.addEventListener('mouseout', function (e) {
      if (!e.relatedTarget || !el.contains(e.relatedTarget)) {
        conceal(el);
      }
    });
    el.addEventListener('blur', function () { conceal(el); });
  }

  function init() {
    var els = document.querySelectorAll('button.sensitive');
    for (var i = 0; i < els.length; i++) {
      setUp(els[i]);
    }
    // conceal everything when the window loses focus (switching away, screen sharing)
    window.addEventListener('blur', function () {
      for (var j = 0; j < els.length; j++) {
        conceal(els[j]);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
