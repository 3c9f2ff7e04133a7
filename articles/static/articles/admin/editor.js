/*
 * Uploads from CKEditor 4's own file tools go to /admin/editor/upload-image/,
 * which keeps Django's CSRF protection: every editor instance sends the CSRF
 * token in the X-CSRFToken header. (Photos normally enter the body through the
 * newsroom's photo dialog, ckeditor/plugins/newsroomphoto, whose forms carry
 * the token themselves.)
 *
 * The token comes from the csrftoken cookie, or, when the cookie is absent
 * (CSRF_USE_SESSIONS), from the admin form's csrfmiddlewaretoken field.
 */
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function install() {
    if (typeof window.CKEDITOR === "undefined" || window.CKEDITOR.__newsroomCsrf) {
      return;
    }
    window.CKEDITOR.__newsroomCsrf = true;
    window.CKEDITOR.on("instanceCreated", function (event) {
      event.editor.config.fileTools_requestHeaders = { "X-CSRFToken": csrfToken() };
    });
  }

  // The script may load before or after ckeditor.js; editors are created on
  // DOMContentLoaded by django-ckeditor, so trying again then is early enough.
  install();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", install);
  }
})();
