/*
 * The article form's character counts (articles/desk/writing.py renders them):
 * "42 / 300 ký tự · Nên dưới 100 ký tự", amber past the guidance (data-aim).
 * The count follows what is typed; the warning is announced once, when the
 * text crosses the guidance, not on every key.
 *
 * The body editor's content area shrinks wide photos to its width (a 960 px
 * rendition is shown whole, not cut off at the editor's edge).
 */
(function () {
  "use strict";

  var WARNING = "— dài hơn mức nên dùng";

  function follow(counter) {
    var field = document.getElementById(counter.dataset.for);
    if (!field) {
      return;
    }
    var aim = parseInt(counter.dataset.aim, 10);
    var length = counter.querySelector(".char-count-length");
    var warning = counter.querySelector(".char-count-warning");
    function update() {
      var count = Array.from(field.value).length;
      var over = count > aim;
      length.textContent = String(count);
      if (over !== counter.classList.contains("char-count-over")) {
        counter.classList.toggle("char-count-over", over);
        warning.textContent = over ? WARNING : "";
      }
    }
    field.addEventListener("input", update);
    update();
  }

  function fitPhotosInEditor() {
    if (typeof window.CKEDITOR === "undefined" || window.CKEDITOR.__newsroomWriting) {
      return;
    }
    window.CKEDITOR.__newsroomWriting = true;
    window.CKEDITOR.addCss("img { max-width: 100%; height: auto; } figure { max-width: 100%; margin-left: 0; margin-right: 0; }");
  }

  function install() {
    document.querySelectorAll(".char-count[data-for]").forEach(follow);
    fitPhotosInEditor();
  }

  fitPhotosInEditor();  // before django-ckeditor creates the editors, when ckeditor.js came first
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", install);
  } else {
    install();
  }
})();
