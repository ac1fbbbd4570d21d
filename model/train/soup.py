"""A uniform weight soup (Wortsman et al., ICML 2022): the mean of the weights of members
fine-tuned from one encoder, saved as one member that pairs.py and train.py --merge read.
Usage: soup.py OUT.pt MEMBER.pt MEMBER.pt [...]
"""
import sys

import torch


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip())
    out, paths = sys.argv[1], sys.argv[2:]
    saved = [torch.load(f) for f in paths]
    if any(s["vocab"] != saved[0]["vocab"] for s in saved):
        sys.exit("the members were trained with different vocabularies")
    if len({s["args"].get("init_pretrained") for s in saved}) != 1 or len({s["args"].get("layers", 2) for s in saved}) != 1:
        sys.exit("a soup needs members fine-tuned from one encoder (the same --init-pretrained and --layers)")
    soup = dict(saved[0], state={k: sum(s["state"][k].float() for s in saved) / len(saved) for k in saved[0]["state"]},
                args=dict(saved[0]["args"], soup=paths))
    torch.save(soup, out)
    print(f"saved the soup of {len(paths)} members to {out}")


if __name__ == "__main__":
    main()
