"""Everything PySide6: the main window, its models, delegates, dialogs and background tasks."""
