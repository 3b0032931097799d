/** True when an image has no tag or digest, or the tag `latest`. */
export function isFloatingImage(image: string): boolean {
  if (image.includes('@sha256:')) return false;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest';
}
