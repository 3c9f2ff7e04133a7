// The "Ý kiến bạn đọc" block and the comments page.
// The page is cached whole and served to every reader, so its forms carry no
// CSRF token and no form token: on page load this asks the never-cached URL in
// data-token-url for both (with the reader's own cookies) and fills the hidden
// inputs of every comment and report form inside. Without JavaScript the
// server takes over: a form sent without a token comes back, text kept, with a
// real token to confirm.
// "Trả lời" turns the form below into a reply; "Viết ý kiến" goes back to a
// new comment. Names are set as text, never as HTML.
(function () {
  "use strict";

  var blocks = document.querySelectorAll("[data-token-url]");
  if (!blocks.length) {
    return;
  }

  function fill(block, data) {
    block.querySelectorAll("form input[name=csrfmiddlewaretoken]").forEach(function (input) {
      input.value = data.csrf || "";
    });
    block.querySelectorAll("form[data-comment-form] input[name=token]").forEach(function (input) {
      input.value = data.token || "";
    });
  }

  function loadTokens(block) {
    if (!window.fetch) {
      return;
    }
    fetch(block.getAttribute("data-token-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          fill(block, data);
        }
      })
      .catch(function () {
        // No tokens: the server asks the reader to confirm instead.
      });
  }

  function setUpForm(block) {
    var form = block.querySelector("form[data-comment-form]");
    if (!form) {
      return;
    }
    var parent = form.querySelector("[data-reply-parent]");
    var replying = form.querySelector("[data-replying]");
    var body = form.querySelector("textarea[name=body]");
    var counter = form.querySelector("[data-counter]");

    function showReply(id, name) {
      parent.value = id;
      replying.textContent = "";
      if (id) {
        replying.appendChild(document.createTextNode("Bạn đang trả lời ý kiến của " + name + ". "));
        var cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "button button-link";
        cancel.textContent = "Hủy trả lời";
        cancel.addEventListener("click", function () {
          showReply("", "");
          body.focus();
        });
        replying.appendChild(cancel);
      }
      replying.hidden = !id;
    }

    block.querySelectorAll("a[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showReply(link.getAttribute("data-reply-to"), link.getAttribute("data-reply-name") || "");
        form.scrollIntoView({ block: "start" });
        body.focus();
      });
    });
    block.querySelectorAll("a[data-comment-write]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showReply("", "");
        form.scrollIntoView({ block: "start" });
        form.querySelector("input[name=name]").focus();
      });
    });

    if (body && counter) {
      var limit = parseInt(body.getAttribute("maxlength"), 10);
      var update = function () {
        counter.textContent = body.value.length + "/" + limit + " ký tự";
      };
      body.addEventListener("input", update);
      update();
    }
  }

  blocks.forEach(function (block) {
    loadTokens(block);
    setUpForm(block);
  });
})();
