/*
 * The newsroom's photo button for CKEditor 4: every photo enters the body
 * through one dialog of ours (articles/desk/editor_upload.py), where it gets its
 * caption, credit and alt text in the photo library.
 *
 * The dialog is a native <dialog> in the admin page; its steps are pages of
 * /admin/editor/photos/ fetched into it (their #photo-dialog part), their
 * forms posted with fetch. The last step answers with the photo as JSON, and
 * the plugin inserts (or, for a photo already in the body, updates) a figure:
 *   <figure class="photo"><img data-photo-id="…" …><figcaption>…</figcaption></figure>
 * The figure is a widget: its caption is the library's and is changed only
 * through the dialog (double-click or Enter on the photo), never typed in the body.
 */
(function () {
  "use strict";

  var BROWSER_URL = "/admin/editor/photos/";
  var DETAILS_URL = "/admin/editor/photos/{id}/";
  var STYLESHEET = "/static/articles/admin/photo_dialog.css";

  function encode(text) {
    return CKEDITOR.tools.htmlEncode(text == null ? "" : String(text));
  }

  function captionText(photo) {
    return photo.caption + (photo.credit ? " (Ảnh: " + photo.credit + ")" : "");
  }

  function figureHtml(photo) {
    return (
      '<figure class="photo"><img src="' + encode(photo.url) + '" alt="' + encode(photo.alt) +
      '" width="' + Number(photo.width) + '" height="' + Number(photo.height) +
      '" data-photo-id="' + Number(photo.photoId) + '"><figcaption>' + encode(captionText(photo)) +
      "</figcaption></figure>"
    );
  }

  function ensureStylesheet() {
    if (document.querySelector('link[data-newsroom-photo-dialog]')) { return; }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLESHEET;
    link.setAttribute("data-newsroom-photo-dialog", "");
    document.head.appendChild(link);
  }

  /* One <dialog> per page, reused by every editor instance. */
  function dialogElement() {
    var dialog = document.getElementById("newsroom-photo-dialog");
    if (dialog) { return dialog; }
    ensureStylesheet();
    dialog = document.createElement("dialog");
    dialog.id = "newsroom-photo-dialog";
    dialog.className = "newsroom-photo-dialog";
    dialog.setAttribute("aria-labelledby", "newsroom-photo-dialog-title");
    dialog.innerHTML =
      '<div class="newsroom-photo-dialog-head"><h2 id="newsroom-photo-dialog-title">Chèn ảnh vào bài</h2>' +
      '<button type="button" class="newsroom-photo-dialog-close" aria-label="Đóng">×</button></div>' +
      '<div class="newsroom-photo-dialog-body" aria-live="polite"></div>';
    dialog.querySelector(".newsroom-photo-dialog-close").addEventListener("click", function () { dialog.close(); });
    document.body.appendChild(dialog);
    return dialog;
  }

  function PhotoDialog(editor, widget) {
    this.editor = editor;
    this.widget = widget;
    this.dialog = dialogElement();
    this.body = this.dialog.querySelector(".newsroom-photo-dialog-body");
    var selection = editor.getSelection();
    this.ranges = selection ? selection.getRanges() : null;
  }

  PhotoDialog.prototype.open = function (url) {
    this.body.innerHTML = "<p>Đang tải…</p>";  // never the last photo's form while this one loads
    if (!this.dialog.open) { this.dialog.showModal(); }
    this.load(url, {});
  };

  PhotoDialog.prototype.load = function (url, options) {
    var self = this;
    options.credentials = "same-origin";
    options.headers = { "X-Requested-With": "XMLHttpRequest" };
    self.body.setAttribute("aria-busy", "true");
    fetch(url, options).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        return response.json().then(function (data) { self.answer(data); });
      }
      return response.text().then(function (html) { self.show(html); });
    }).catch(function () {
      self.body.innerHTML = '<p class="errornote" role="alert">Không kết nối được máy chủ; hãy thử lại.</p>';
    }).then(function () { self.body.removeAttribute("aria-busy"); });
  };

  PhotoDialog.prototype.show = function (html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var step = page.getElementById("photo-dialog");
    if (!step) {
      this.body.innerHTML = '<p class="errornote" role="alert">Không mở được hộp thoại ảnh; hãy tải lại trang.</p>';
      return;
    }
    this.dialog.querySelector("h2").textContent = page.title;
    this.body.replaceChildren(document.importNode(step, true));
    this.bind();
  };

  PhotoDialog.prototype.bind = function () {
    var self = this;
    self.body.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (form.method.toLowerCase() === "get") {
          var query = new URLSearchParams(new FormData(form)).toString();
          self.load(form.action + (query ? "?" + query : ""), {});
        } else {
          self.load(form.action, { method: "POST", body: new FormData(form) });
        }
      });
    });
    self.body.querySelectorAll("a.photo-dialog-pick, a.photo-dialog-back").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        self.load(link.href, {});
      });
    });
    var first = self.body.querySelector(".errors textarea, .errors input, .errornote, textarea, input[type=file]");
    if (first) {
      if (!first.matches("input, textarea")) { first.tabIndex = -1; }
      first.focus();
    }
  };

  PhotoDialog.prototype.answer = function (photo) {
    if (!photo.photoId) {
      this.show("");
      return;
    }
    var editor = this.editor;
    this.dialog.close();
    editor.focus();
    editor.fire("saveSnapshot");
    if (this.widget && this.widget.element) {
      var img = this.widget.element.findOne("img");
      var caption = this.widget.element.findOne("figcaption");
      img.setAttributes({ src: photo.url, alt: photo.alt, "data-photo-id": String(photo.photoId),
        "data-cke-saved-src": photo.url });
      if (caption) { caption.setText(captionText(photo)); }
    } else {
      if (this.ranges && this.ranges.length) { editor.getSelection().selectRanges(this.ranges); }
      editor.insertHtml(figureHtml(photo));
    }
    editor.fire("saveSnapshot");
    editor.fire("change");
  };

  CKEDITOR.plugins.add("newsroomphoto", {
    requires: "widget",
    onLoad: function () {
      CKEDITOR.addCss(
        "figure.photo{margin:1em 0;padding:0;}" +
        "figure.photo img{display:block;max-width:100%;height:auto;}" +
        "figure.photo figcaption{padding:.35em 0;font-size:.92em;color:#444;}"
      );
    },
    init: function (editor) {
      editor.widgets.add("newsroomphoto", {
        allowedContent: "figure(!photo,image); img[!src,alt,width,height,data-photo-id]; figcaption",
        requiredContent: "figure(photo)",
        upcast: function (element) {
          return element.name === "figure" && element.hasClass("photo");
        },
        edit: function () {
          var img = this.element.findOne("img");
          var id = img && img.getAttribute("data-photo-id");
          if (id && /^\d+$/.test(id)) {
            new PhotoDialog(editor, this).open(DETAILS_URL.replace("{id}", id));
          }
        }
      });
      editor.addCommand("newsroomPhoto", {
        allowedContent: "figure(!photo); img[!src,alt,width,height,data-photo-id]; figcaption",
        requiredContent: "figure(photo)",
        exec: function () {
          new PhotoDialog(editor, null).open(BROWSER_URL);
        }
      });
      editor.ui.addButton("NewsroomPhoto", {
        label: "Chèn ảnh (có chú thích, nguồn ảnh, mô tả)",
        command: "newsroomPhoto",
        toolbar: "insert",
        icon: "image"
      });
    }
  });
})();
