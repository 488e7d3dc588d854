package io.atende.whatsapp;

/**
 * {@code GET /{version}/{media-id}}: where to download a media file (the URL is valid for about five
 * minutes and needs the Bearer token), its MIME type, SHA-256 and size.
 */
public record MediaInfo(String messagingProduct, String url, String mimeType, String sha256, Long fileSize, String id) {}
