"""Media files: storage backends, their public URLs, content sniffing, processing (ffmpeg,
Pillow, pypdfium2). The library's rules and transactions live in signage.content.library."""
