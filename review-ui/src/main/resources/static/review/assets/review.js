// The review UI's only script (the CSP forbids inline script). Progressive: every page works without it
// (decisions, their confirmation step and focus after each POST are the server's; this adds the keyboard
// shortcuts and a guard against Enter in the decision form).
(function () {
  'use strict';

  // ---- images: blurred and greyscale previews are made on the server (issue 13); unblurring and
  // colour are audited POSTs with their own page, so there is nothing for script to do here.

  // ---- the decision form: Enter in a field never submits it (the server guards too: the form's
  // default button is disabled, and its own action decides nothing)
  function guardDecisionForm() {
    var form = document.getElementById('decide');
    if (!form) { return; }
    form.addEventListener('keydown', function (e) {
      var t = e.target;
      if (e.key === 'Enter' && t.tagName === 'INPUT' && t.type !== 'checkbox' && t.type !== 'radio') {
        e.preventDefault();
      }
    });
  }

  // ---- keyboard shortcuts (listed in the "?" dialog of the layout)
  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('table.queue tr.queue-row'));
  }

  // the row holding the focus (Tab works too), else the one j/k marked, else the first
  function selectedRow() {
    var active = document.activeElement;
    var row = active && active.closest ? active.closest('tr.queue-row') : null;
    if (row) { return row; }
    var all = rows();
    for (var i = 0; i < all.length; i++) {
      if (all[i].classList.contains('selected')) { return all[i]; }
    }
    return all[0] || null;
  }

  function select(row) {
    rows().forEach(function (r) {
      r.classList.toggle('selected', r === row);
    });
    if (row) {
      var link = row.querySelector('a.open');
      if (link) { link.focus(); }
    }
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var i = all.indexOf(selectedRow());
    i = Math.max(0, Math.min(all.length - 1, i + step));
    select(all[i]);
  }

  function click(el) {
    if (el) { el.click(); return true; }
    return false;
  }

  function toggleHelp() {
    var dlg = document.getElementById('shortcuts');
    if (!dlg || typeof dlg.showModal !== 'function') { return; }
    if (dlg.open) { dlg.close(); } else { dlg.showModal(); }
  }

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (e.key === 'Escape' && typing(t)) {
      t.blur(); // leave the field, so that shortcuts work again
      return;
    }
    if (typing(t)) { return; }
    var dlg = document.getElementById('shortcuts');
    if (dlg && dlg.open && e.key !== '?') { return; }
    var handled = true;
    switch (e.key) {
      case '?':
        toggleHelp();
        break;
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case 'o':
        handled = click(rows().length ? selectedRow() && selectedRow().querySelector('a.open') : null);
        break;
      case 'c':
        handled = rows().length
          ? click(selectedRow() && selectedRow().querySelector('button.claim'))
          : click(document.querySelector('[data-shortcut=claim]'));
        break;
      case 'r':
        handled = click(document.querySelector('button.reveal'));
        break;
      case 't':
        // the whole transcript of the first report not yet shown, in one audited action; its
        // category is opened first if collapsed
        var all = document.querySelector('button.reveal-transcript');
        if (all) {
          var closed = all.closest('details:not([open])');
          if (closed) { closed.open = true; }
        }
        handled = click(all);
        break;
      case 'd':
        var ground = document.getElementById('ground');
        if (ground) { ground.focus(); } else { handled = false; }
        break;
      case 'n':
        handled = click(document.querySelector('[data-shortcut=next]'));
        break;
      case 'q':
        window.location.href = document.querySelector('header.top a.brand').href;
        break;
      default:
        handled = false;
    }
    if (handled) { e.preventDefault(); }
  }

  // ---- decision templates: choosing one fills ground and facts at once (without script the form's
  // "Use template" button asks the server to)
  function setUpTemplates() {
    var pick = document.getElementById('template');
    var ground = document.getElementById('ground');
    var facts = document.getElementById('facts');
    if (!pick || !ground || !facts) { return; }
    pick.addEventListener('change', function () {
      var opt = pick.options[pick.selectedIndex];
      if (!opt || !opt.value) { return; }
      ground.value = opt.getAttribute('data-ground') || '';
      facts.value = opt.getAttribute('data-facts') || '';
    });
  }

  // ---- bulk decisions in the queue: "select all" ticks every row's box
  function setUpBulk() {
    var all = document.getElementById('bulk-all');
    if (!all) { return; }
    all.hidden = false;
    all.addEventListener('change', function () {
      var boxes = document.querySelectorAll('input.bulk-pick');
      for (var i = 0; i < boxes.length; i++) { boxes[i].checked = all.checked; }
    });
  }

  function init() {
    setUpTemplates();
    setUpBulk();
    guardDecisionForm();
    var open = document.getElementById('shortcuts-open');
    if (open && document.getElementById('shortcuts')) {
      open.hidden = false;
      open.addEventListener('click', toggleHelp);
    }
    var first = rows()[0];
    if (first && !selectedRowMarked()) { first.classList.add('selected'); }
    document.addEventListener('keydown', onKey);
  }

  function selectedRowMarked() {
    return document.querySelector('table.queue tr.queue-row.selected') !== null;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
