/* openspace printable schedule (/print/{id}): the page is drawn by the
 * server; this only wires the Print button (no inline script under the CSP). */
(function () {
  'use strict';
  var btn = document.getElementById('print-btn');
  if (btn) btn.addEventListener('click', function () { window.print(); });
})();
