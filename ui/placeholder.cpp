// The window arrives with the inspector-window issue; the target exists so the app links it.
