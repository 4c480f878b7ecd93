// Select words in an article's text, press "New claim": the new-claim form gets the quote and its offsets.
// Offsets count Unicode code points from the start of the text, as the API does (an emoji is one, not two
// UTF-16 units); the server checks that the text at those offsets is exactly the quote.
(() => {
  const body = document.getElementById('article-body');
  const button = document.getElementById('new-claim-from-selection');
  const form = document.getElementById('new-claim-form');
  const status = document.getElementById('new-claim-status');
  if (!body || !button || !form || !status) return;
  button.hidden = false;

  const codePoints = (text) => {
    let count = 0;
    for (const _ of text) count += 1;
    return count;
  };
  // The marks split the text into many nodes; a range from the start of the text measures across them all.
  const offsetOf = (node, offset) => {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  };
  const selected = () => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    return end > start ? { quote: range.toString(), start, end } : null;
  };

  // Pressing the button may clear the selection first: keep the last one made in the text.
  let last = null;
  document.addEventListener('selectionchange', () => {
    const found = selected();
    if (found) last = found;
  });
  button.addEventListener('click', () => {
    const found = selected() || last;
    if (!found) {
      status.textContent = button.dataset.selectFirst || '';
      return;
    }
    form.elements.namedItem('quote').value = found.quote;
    form.elements.namedItem('start').value = String(found.start);
    form.elements.namedItem('end').value = String(found.end);
    status.textContent = (button.dataset.filled || '').replace('{quote}', found.quote);
    form.elements.namedItem('claimant').focus();
  });
})();
