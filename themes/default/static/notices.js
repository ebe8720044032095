/* Temporary notices (waiting list, closed intake) as of today, not as of the build: a site is not rebuilt
   every day. A notice whose last day (data-notice-until) has passed is hidden; one whose first day
   (data-notice-from) has come is shown. Dates are the visitor's local calendar days, as YYYY-MM-DD. */
(function () {
  "use strict";
  var now = new Date();
  var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
  Array.prototype.forEach.call(document.querySelectorAll(".notice[data-notice-until], .notice[data-notice-from]"), function (notice) {
    var from = notice.getAttribute("data-notice-from");
    var until = notice.getAttribute("data-notice-until");
    notice.hidden = Boolean((until && until < today) || (from && from > today));
  });
})();
