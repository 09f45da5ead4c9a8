"""Dutch language processing: the one sentence segmenter, lemmas, and the spaCy pipeline loader."""
