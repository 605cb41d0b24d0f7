"""Reading input: article files, encodings, front matter, language, sentences, and articles added from the app."""
