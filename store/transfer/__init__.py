"""Import and export: files other tools write, read into a dateline database, and
the database written out for writers, spreadsheets and TimelineJS.

Nothing here imports Textual; the command line (`tui.cli_transfer`) and the app
(`tui.transfer_screen`) both drive these functions, passing a `(done, total)`
callback for progress.
"""
