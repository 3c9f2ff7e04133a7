// The editor's library browser: clicking a photo hands its URL (and alt text)
// back to the CKEditor image dialog that opened this window.
(function () {
  "use strict";
  document.querySelectorAll("button.pick").forEach(function (button) {
    button.addEventListener("click", function () {
      var opener = window.opener;
      if (!opener || !opener.CKEDITOR) { return; }
      var alt = button.dataset.alt;
      opener.CKEDITOR.tools.callFunction(button.dataset.func, button.dataset.url, function () {
        var dialog = this.getDialog && this.getDialog();
        var altField = dialog && dialog.getContentElement("info", "alt");
        if (altField && alt) { altField.setValue(alt); }
      });
      window.close();
    });
  });
})();
