"""PyTorch twin of src-main/backend/train/nn/unet.ts (DDPM U-Net, Ho et al. 2020) for bench/unet.ts.

Same sizes, GroupNorm(min(32, C/4), eps 1e-6), SiLU, sinusoidal time embedding added in every
residual block, attention placement, stride-2 'SAME' downsampling and nearest upsampling. Prints one
JSON object: parameter count, forward and training-step (forward, backward, Adam) times, images/s.
Run with Debian's python3-torch: /usr/bin/python3 bench/torch_unet.py --batch 128 --threads 2
"""

import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SIZES = {
    "mnist": dict(ch=32, ch_mult=(1, 2, 2), num_res_blocks=2, attn_resolutions=()),
    "cifar": dict(ch=128, ch_mult=(1, 2, 2, 2), num_res_blocks=2, attn_resolutions=(16,)),
    "tiny": dict(ch=8, ch_mult=(1, 2), num_res_blocks=1, attn_resolutions=(4,)),
}


def norm(c):
    groups = max(1, min(32, c // 4))
    while c % groups:
        groups -= 1
    return nn.GroupNorm(groups, c, eps=1e-6)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(torch.arange(half, dtype=torch.float32) * (-math.log(10000) / max(half - 1, 1)))
    args = (1000 * t)[:, None] * freqs[None, :]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb_dim):
        super().__init__()
        self.norm0, self.conv0 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.temb = nn.Linear(emb_dim, cout)
        self.norm1, self.conv1 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv0(F.silu(self.norm0(x))) + self.temb(emb)[:, :, None, None]
        return self.skip(x) + self.conv1(F.silu(self.norm1(h)))


class Attn(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm, self.qkv, self.proj = norm(c), nn.Conv2d(c, 3 * c, 1), nn.Conv2d(c, c, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, c, h * w).unbind(1)
        weights = torch.softmax(torch.einsum("bci,bcj->bij", q, k) * c**-0.5, dim=-1)
        return x + self.proj(torch.einsum("bij,bcj->bci", weights, v).reshape(b, c, h, w))


class Stage(nn.Module):
    def __init__(self, block, attn):
        super().__init__()
        self.block, self.attn = block, attn

    def forward(self, h, emb):
        h = self.block(h, emb)
        return self.attn(h) if self.attn is not None else h


class Down(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, stride=2)

    def forward(self, h, _emb):
        return self.conv(F.pad(h, (0, 1, 0, 1)))


class Up(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, h, _emb):
        return self.conv(F.interpolate(h, scale_factor=2, mode="nearest"))


class UNet(nn.Module):
    def __init__(self, ch, ch_mult, num_res_blocks, attn_resolutions, image_size, channels):
        super().__init__()
        self.ch, emb = ch, 4 * ch
        self.temb = nn.Sequential(nn.Linear(ch, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.conv_in = nn.Conv2d(channels, ch, 3, padding=1)
        res, cin, skips = image_size, ch, [ch]
        self.down = nn.ModuleList()
        for i, mult in enumerate(ch_mult):
            for _ in range(num_res_blocks):
                self.down.append(Stage(ResBlock(cin, ch * mult, emb), Attn(ch * mult) if res in attn_resolutions else None))
                cin = ch * mult
                skips.append(cin)
            if i < len(ch_mult) - 1:
                self.down.append(Down(cin))
                skips.append(cin)
                res //= 2
        self.mid = nn.ModuleList([Stage(ResBlock(cin, cin, emb), Attn(cin)), Stage(ResBlock(cin, cin, emb), None)])
        self.up, self.takes_skip = nn.ModuleList(), []
        for i in reversed(range(len(ch_mult))):
            for _ in range(num_res_blocks + 1):
                cout = ch * ch_mult[i]
                self.up.append(Stage(ResBlock(cin + skips.pop(), cout, emb), Attn(cout) if res in attn_resolutions else None))
                self.takes_skip.append(True)
                cin = cout
            if i > 0:
                self.up.append(Up(cin))
                self.takes_skip.append(False)
                res *= 2
        self.norm_out, self.conv_out = norm(cin), nn.Conv2d(cin, channels, 3, padding=1)

    def forward(self, u, t):
        emb = F.silu(self.temb(timestep_embedding(t, self.ch)))
        h = self.conv_in(u)
        hs = [h]
        for stage in self.down:
            h = stage(h, emb)
            hs.append(h)
        for stage in self.mid:
            h = stage(h, emb)
        for stage, takes_skip in zip(self.up, self.takes_skip):
            h = stage(torch.cat([h, hs.pop()], dim=1) if takes_skip else h, emb)
        return self.conv_out(F.silu(self.norm_out(h)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", default="mnist", choices=SIZES)
    p.add_argument("--image-size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--iters", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = UNet(**SIZES[a.size], image_size=a.image_size, channels=a.channels)
    opt = torch.optim.Adam(net.parameters(), lr=2e-4)
    u = torch.randn(a.batch, a.channels, a.image_size, a.image_size)
    t, target = torch.rand(a.batch), torch.randn_like(u)

    def forward():
        with torch.no_grad():
            net(u, t)

    def step():
        opt.zero_grad(set_to_none=True)
        F.mse_loss(net(u, t), target).backward()
        opt.step()

    def timed(fn):
        fn()  # warm-up
        start = time.perf_counter()
        for _ in range(a.iters):
            fn()
        return (time.perf_counter() - start) / a.iters * 1000

    forward_ms, step_ms = timed(forward), timed(step)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "size": a.size,
        "batch": a.batch,
        "iters": a.iters,
        "params": sum(q.numel() for q in net.parameters()),
        "forwardMs": round(forward_ms, 1),
        "stepMs": round(step_ms, 1),
        "imagesPerSec": round(a.batch / step_ms * 1000, 2),
        "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
