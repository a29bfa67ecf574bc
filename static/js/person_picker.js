/* The person picker's type-ahead: the WAI-ARIA 1.2 combobox pattern (list autocomplete)
   on the field roles/picker.py renders. Typing asks the search URL for the matching people;
   arrow keys move through the list, Enter chooses, Escape closes it (or, closed, clears the
   field). The chosen person's id goes in a hidden field, so the server needs no guessing.
   Without this script the field is a plain text box and the form lists the matches itself. */
(function () {
  "use strict";
  var DELAY = 200;
  var MIN_LENGTH = 2;

  function setUp(root) {
    var input = root.querySelector("input[data-person-text]");
    var hidden = root.querySelector("input[data-person-id]");
    var listbox = document.getElementById(root.getAttribute("data-listbox"));
    var status = document.getElementById(root.getAttribute("data-status"));
    var url = root.getAttribute("data-search-url");
    if (!input || !hidden || !listbox || !status || !url) return;

    var options = [];
    var active = -1;
    var timer = null;
    var request = null;
    var shownFor = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function setActive(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!options.length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function choose(option) {
      input.value = option.getAttribute("data-name");
      hidden.value = option.getAttribute("data-id");
      shownFor = input.value.trim();
      // A choice made here replaces one made among the matches the server listed.
      root.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = false;
      });
      close();
      status.textContent = "";
    }

    function show(data) {
      listbox.textContent = "";
      options = data.results.map(function (person, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.className = "person-picker-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-id", person.id);
        option.setAttribute("data-name", person.name);
        var name = document.createElement("span");
        name.className = "person-picker-name";
        name.textContent = person.name;
        option.appendChild(name);
        var detail = [person.title, person.department].filter(Boolean).join(" · ");
        if (detail) {
          var line = document.createElement("span");
          line.className = "person-picker-detail";
          line.textContent = detail;
          option.appendChild(line);
        }
        // Keep the focus in the field, so a click chooses rather than blurs and closes.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          choose(option);
        });
        listbox.appendChild(option);
        return option;
      });
      active = -1;
      status.textContent = data.status;
      if (options.length) {
        open();
      } else {
        close();
      }
    }

    function clear() {
      if (request) request.abort();
      options = [];
      listbox.textContent = "";
      shownFor = null;
      close();
      status.textContent = "";
    }

    function lookUp() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        clear();
        return;
      }
      if (query === shownFor) {
        open();
        return;
      }
      if (request) request.abort();
      request = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: request.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() !== query) return;
          shownFor = query;
          show(data);
        })
        .catch(function () {
          // An aborted or failed look-up leaves the field as typed; the server still
          // resolves or lists what was typed when the form is sent.
        });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!options.length) {
            window.clearTimeout(timer);
            lookUp();
            return;
          }
          open();
          if (!event.altKey) setActive((active + 1) % options.length);
          break;
        case "ArrowUp":
          if (!options.length) return;
          event.preventDefault();
          open();
          setActive(active <= 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          if (isOpen && active >= 0) {
            event.preventDefault();
            choose(options[active]);
          }
          break;
        case "Escape":
          if (isOpen) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            hidden.value = "";
            clear();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("[data-person-picker]").forEach(setUp);
})();
