"""Documents a reviewer hands in: 点评 drafts, 共性/个性问题, 台账, 材料汇编, 通报 figures."""
