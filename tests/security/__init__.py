"""Security tests asked for by issue #7.

- ``test_csrf``: every form the pages serve carries a CSRF token, and a POST
  without it is refused, found by reading the forms of every page rather
  than from a list kept by hand.
- ``test_escaping``: text that holds a script, put into every text field of
  every model, is printed escaped on every page that shows it.
- ``test_uploads``: the one upload (the Excel project import) is read and
  dropped, never stored or served back; a bad file is refused with a message
  and changes nothing.
- ``test_exports``: the CSV and XLSX downloads are attachments that no
  browser takes for HTML, and no cell of them runs as a formula.

Who may see which zone's records (an object outside the user's zones answers
404, a role without the action 403) is not repeated here: it is
``tests/test_permissions.py``, every URL through the five personas.
"""
