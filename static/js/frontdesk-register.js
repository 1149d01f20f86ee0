/* Front desk, "Contact registreren": show the fields for one kind of contact (the answer for a
   question, the chain-error fields for a chain error) only when that case type is chosen.
   Without JavaScript every group stays visible and the server ignores the ones that do not
   apply. A group with an error stays visible. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-register]");
  if (!form) {
    return;
  }
  var radios = form.querySelectorAll("input[name='case_type']");
  var groups = form.querySelectorAll("fieldset[data-case-type]");

  function update() {
    var chosen = form.querySelector("input[name='case_type']:checked");
    var value = chosen ? chosen.value : "";
    groups.forEach(function (group) {
      var hasError = group.querySelector(".has-error") !== null;
      group.hidden = !hasError && group.getAttribute("data-case-type") !== value;
    });
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
